import type { BatchObserver, BatchReport } from '@ledger/consumers';
import { type AppLogger, parseTraceparent, type TraceParent, type Tracing } from '@ledger/http';

/** Distinct correlation ids (and traces) named per batch line; past it, `moreCorrelationIds`. */
export const MAX_IDS_PER_BATCH = 20;

/**
 * One log line per batch a consumer handled, naming the correlation ids its events carry, so a
 * grep for a command's id finds the projectors' lines too; with tracing on, one consumer span per
 * distinct trace in the batch, the child of the span that appended the events.
 */
export class BatchLoggingObserver implements BatchObserver {
  constructor(
    private readonly logger: AppLogger,
    private readonly tracing: Tracing,
  ) {}

  batchDone(report: BatchReport): void {
    const { events, consumer } = report;
    const correlationIds = new Set<string>();
    const traces = new Map<string, TraceParent>();
    let more = false;
    for (const { metadata } of events) {
      const id = metadata.correlationId;
      if (typeof id === 'string' && !correlationIds.has(id)) {
        if (correlationIds.size < MAX_IDS_PER_BATCH) correlationIds.add(id);
        else more = true;
      }
      const trace = this.tracing.enabled ? parseTraceparent(metadata.traceparent) : undefined;
      if (trace && traces.size < MAX_IDS_PER_BATCH) traces.set(trace.traceId, trace);
    }
    this.logger.info({
      msg: 'batch',
      consumer,
      count: events.length,
      handled: report.handled,
      parked: report.parked,
      firstPosition: String(events[0].position),
      lastPosition: String(events[events.length - 1].position),
      correlationIds: [...correlationIds],
      ...(more ? { moreCorrelationIds: true } : {}),
      durationMs: Math.round(report.durationMs),
    });
    for (const parent of traces.values()) {
      this.tracing
        .startSpan(`consume ${consumer}`, {
          kind: 'consumer',
          parent,
          startTime: report.startedAt,
          attributes: { 'ledger.consumer': consumer, 'ledger.batch_size': events.length },
        })
        .end();
    }
  }
}
