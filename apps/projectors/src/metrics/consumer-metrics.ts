import { Inject, Injectable } from '@nestjs/common';
import { ConsumerHost, type ConsumerStatus } from '@ledger/consumers';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { COUNTERS, GAUGES, STATES } from './consumer-metric.definitions.js';

/**
 * The figures of `/status` in Prometheus form, read from the host at each scrape, plus the
 * process's own. A registry per app, not prom-client's global one: two apps in one process
 * (tests) keep theirs apart.
 */
@Injectable()
export class ConsumerMetrics {
  readonly registry = new Registry();
  private readonly up = new Gauge({
    name: 'ledger_consumers_status_up',
    help: "Whether the consumers' status could be read (1) or not (0)",
    registers: [this.registry],
  });
  private readonly state = new Gauge({
    name: 'ledger_consumer_state',
    help: "The consumer's state (1 for the current one)",
    labelNames: ['consumer', 'state'],
    registers: [this.registry],
  });
  private readonly gauges = GAUGES.map(([name, help, figure]) => ({
    figure,
    gauge: new Gauge({ name, help, labelNames: ['consumer'], registers: [this.registry] }),
  }));
  private readonly counters = COUNTERS.map(([name, help, figure]) => ({
    figure,
    counter: new Counter({ name, help, labelNames: ['consumer'], registers: [this.registry] }),
    seen: new Map<string, number>(),
  }));

  constructor(@Inject(ConsumerHost) private readonly host: ConsumerHost) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_projectors_' });
  }

  async render(): Promise<string> {
    try {
      (await this.host.status()).forEach((status) => this.record(status));
      this.up.set(1);
    } catch {
      this.up.set(0); // the event store or MongoDB is down: the process metrics still answer
    }
    return this.registry.metrics();
  }

  private record(s: ConsumerStatus): void {
    const labels = { consumer: s.consumer };
    for (const { gauge, figure } of this.gauges) {
      const value = figure(s);
      if (value === undefined) gauge.remove(labels);
      else gauge.set(labels, value);
    }
    for (const state of STATES) this.state.set({ ...labels, state }, Number(s.state === state));
    for (const { counter, figure, seen } of this.counters) {
      const now = figure(s);
      const before = seen.get(s.consumer) ?? 0;
      counter.inc(labels, now >= before ? now - before : now);
      seen.set(s.consumer, now);
    }
  }
}
