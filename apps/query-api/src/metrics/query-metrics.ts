import { Injectable } from '@nestjs/common';
import { AppMetrics } from '@ledger/http';
import { Counter, Histogram } from 'prom-client';

/**
 * The query API's own series, in the app's registry beside the shared ones (query durations are
 * `ledger_http_request_duration_seconds`, by route).
 */
@Injectable()
export class QueryMetrics {
  readonly minPositionWaits: Histogram;
  readonly minPositionTimeouts: Counter;

  constructor(metrics: AppMetrics) {
    this.minPositionWaits = new Histogram({
      name: 'ledger_query_min_position_wait_seconds',
      help: 'How long requests with X-Min-Position waited for the read models to catch up',
      buckets: [0, 0.01, 0.05, 0.1, 0.5, 1, 2, 5],
      registers: [metrics.registry],
    });
    this.minPositionTimeouts = new Counter({
      name: 'ledger_query_min_position_timeouts_total',
      help: 'Requests answered 503 because the read models did not reach X-Min-Position in time',
      registers: [metrics.registry],
    });
  }
}
