import { type Static, Type } from '@sinclair/typebox';

const Text = Type.String({ minLength: 1 });
const Count = Type.Integer({ minimum: 0 });

/**
 * Metadata stored with every event (ARCHITECTURE.md "Events"), published as JSON Schema beside
 * the events' own; the type below is derived from it. Open: readers ignore fields they do not know.
 */
export const EventMetadataSchema = Type.Object({
  correlationId: Text,
  causationId: Text,
  commandId: Text,
  /** The principal that sent the command, or the workflow that reacted to an event. */
  actor: Text,
  occurredAt: Type.String({ format: 'date-time' }),
  /** The version of the event's data; absent on events stored before versioning (read as 1). */
  schemaVersion: Type.Integer({ minimum: 1 }),
  commandType: Text,
  /** Position of this event among its command's events, and how many it produced. */
  eventIndex: Count,
  eventCount: Type.Integer({ minimum: 1 }),
  idempotencyKey: Type.Optional(Text),
  requestHash: Type.Optional(Text),
  /** W3C trace context of the request (or workflow step) that appended it: consumers continue the trace. */
  traceparent: Type.Optional(Type.String({ pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' })),
  tracestate: Type.Optional(Type.String()),
});
export type EventMetadata = Static<typeof EventMetadataSchema>;

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
