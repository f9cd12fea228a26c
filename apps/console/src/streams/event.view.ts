import type { LoggedEvent } from '@ledger/event-log';

/** An event as the page reads it: positions and revisions as decimal strings, times ISO 8601. */
export interface EventView {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: string;
  created: string;
  schemaVersion: number;
  upcast: boolean;
  data: unknown;
  metadata: Record<string, unknown>;
}

export function toEventView(event: LoggedEvent): EventView {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.commit.toString(),
    created: event.created.toISOString(),
    schemaVersion: event.schemaVersion,
    upcast: event.upcast,
    data: event.data,
    metadata: event.metadata,
  };
}
