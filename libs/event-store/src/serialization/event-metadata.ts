/** Metadata stored with every event (ARCHITECTURE.md "Events"). */
export type EventMetadata = {
  correlationId: string;
  causationId: string;
  commandId: string;
  actor: string;
  occurredAt: string;
  schemaVersion: number;
  commandType: string;
  /** Position of this event among its command's events, and how many it produced. */
  eventIndex: number;
  eventCount: number;
  idempotencyKey?: string;
  requestHash?: string;
  /** W3C trace context of the request (or workflow step) that appended it: consumers continue the trace. */
  traceparent?: string;
};

/** An event as read back: upcast to the current schema, with where it sits. */
export type StoredEvent<E = { type: string; data: unknown }> = {
  id: string;
  event: E;
  metadata: Partial<EventMetadata>;
  revision: bigint;
  position: bigint;
};

/** An event about to be appended. */
export type NewEvent<E = { type: string; data: unknown }> = {
  id: string;
  event: E;
  metadata: EventMetadata;
};
