import type { EventView } from '@ledger/api-views';
import type { LoggedEvent } from '@ledger/event-log';

/** An event as the page reads it. */
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
