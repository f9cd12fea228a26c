import { Inject, Injectable } from '@nestjs/common';
import { ConsumerHost, type ConsumerStatus } from '@ledger/consumers';
import { AppMetrics } from '@ledger/http';
import { Counter, Gauge } from 'prom-client';
import { COUNTERS, type Figure, GAUGES, STATES } from './consumer-metric.definitions.js';

/**
 * The figures of `/status` in Prometheus form (lag, parked counts, state...), read from the host
 * at each scrape into the app's registry, beside the shared series.
 */
@Injectable()
export class ConsumerMetrics {
  private readonly up: Gauge;
  private readonly state: Gauge;
  private readonly gauges: Array<{ figure: Figure; gauge: Gauge }>;
  private readonly counters: Array<{
    figure: (s: ConsumerStatus) => number;
    counter: Counter;
    seen: Map<string, number>;
  }>;

  constructor(
    @Inject(ConsumerHost) private readonly host: ConsumerHost,
    metrics: AppMetrics,
  ) {
    const registers = [metrics.registry];
    this.up = new Gauge({
      name: 'ledger_consumers_status_up',
      help: "Whether the consumers' status could be read (1) or not (0)",
      registers,
    });
    this.state = new Gauge({
      name: 'ledger_consumer_state',
      help: "The consumer's state (1 for the current one)",
      labelNames: ['consumer', 'state'],
      registers,
    });
    this.gauges = GAUGES.map(([name, help, figure]) => ({
      figure,
      gauge: new Gauge({ name, help, labelNames: ['consumer'], registers }),
    }));
    this.counters = COUNTERS.map(([name, help, figure]) => ({
      figure,
      counter: new Counter({ name, help, labelNames: ['consumer'], registers }),
      seen: new Map<string, number>(),
    }));
    metrics.beforeScrape(() => this.collect());
  }

  private async collect(): Promise<void> {
    try {
      (await this.host.status()).forEach((status) => this.record(status));
      this.up.set(1);
    } catch {
      this.up.set(0); // the event store or MongoDB is down: the process metrics still answer
    }
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
