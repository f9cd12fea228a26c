import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per app instance (never prom-client's global one: tests run several
 * apps in one process), with what every app measures: request durations by route template and
 * status, and the process's own figures. Apps add their series to `registry`, and figures read
 * at scrape time through `beforeScrape`.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpRequestDurations = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'Time to answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly collectors: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }

  /** A figure read at each scrape (e.g. the consumers' lag); a failing one leaves the others. */
  beforeScrape(collect: () => Promise<void>): void {
    this.collectors.push(collect);
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.collectors.map((collect) => collect()));
    return this.registry.metrics();
  }
}
