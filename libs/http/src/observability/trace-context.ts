import { randomBytes } from 'node:crypto';

/** A W3C trace context: the trace, the span that is the parent of what comes next, the flags. */
export type TraceParent = { traceId: string; spanId: string; flags: string };

const FORMAT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

/**
 * A `traceparent` header as W3C Trace Context reads it: lowercase hex, version `ff` refused,
 * version 00 exactly 55 characters, neither id all zeros. Anything else is undefined, and the
 * caller starts a new trace (as the specification says).
 */
export function parseTraceparent(header: unknown): TraceParent | undefined {
  if (typeof header !== 'string') return undefined;
  const match = FORMAT.exec(header.trim());
  if (!match) return undefined;
  const [, version, traceId, spanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ZEROS.test(traceId) || ZEROS.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}

export function formatTraceparent({ traceId, spanId, flags }: TraceParent): string {
  return `00-${traceId}-${spanId}-${flags}`;
}

export const newTraceId = (): string => randomBytes(16).toString('hex');
export const newSpanId = (): string => randomBytes(8).toString('hex');

/** The trace context of each request in flight (set by the tracing hook, read by logs and commands). */
const traces = new WeakMap<object, TraceParent>();

export function setRequestTrace(request: object, trace: TraceParent): void {
  traces.set(request, trace);
}

/** The request's own span: its `traceparent` is what the request's events carry. */
export function requestTrace(request: object): TraceParent | undefined {
  return traces.get(request);
}
