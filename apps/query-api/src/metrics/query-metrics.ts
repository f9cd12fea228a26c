import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The query API's figures. A registry per app, not prom-client's global one: two apps in one
 * process (tests) keep theirs apart.
 */
@Injectable()
export class QueryMetrics {
  readonly registry = new Registry();
  readonly requestDurations = new Histogram({
    name: 'ledger_query_http_request_duration_seconds',
    help: 'Time to answer, by route template, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly minPositionWaits = new Histogram({
    name: 'ledger_query_min_position_wait_seconds',
    help: 'How long requests with X-Min-Position waited for the read models to catch up',
    buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly minPositionTimeouts = new Counter({
    name: 'ledger_query_min_position_timeouts_total',
    help: 'Requests answered 503 because the read models did not reach X-Min-Position in time',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_query_api_' });
  }
}
