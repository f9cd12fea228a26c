import { jsonEvent, type JSONEventData, type ResolvedEvent } from '@eventstore/db-client';
import { isLedgerEventType, type LedgerEvent, ledgerUpcasters } from '@ledger/domain';
import type { EventMetadata, NewEvent, StoredEvent } from './event-metadata.js';

/** Ledger events ↔ EventStoreDB records. Every read goes through the upcasters. */
export function serializeEvent(event: NewEvent<{ type: string; data: unknown }>): JSONEventData {
  return jsonEvent({
    id: event.id,
    type: event.event.type,
    data: event.event.data as Record<string, unknown>,
    metadata: event.metadata as unknown as Record<string, unknown>,
  });
}

export function deserializeEvent(resolved: ResolvedEvent): StoredEvent<LedgerEvent> {
  const recorded = resolved.event;
  if (!recorded) throw new Error('Read a link to a missing event; ledger streams hold no links');
  if (!recorded.isJson) throw new Error(`Event ${recorded.id} in ${recorded.streamId} is not JSON`);
  if (!isLedgerEventType(recorded.type)) {
    throw new Error(`Unknown event type "${recorded.type}" at ${recorded.streamId}@${recorded.revision}`);
  }
  const metadata = (recorded.metadata ?? {}) as Partial<EventMetadata>;
  const upcast = ledgerUpcasters.upcast({
    type: recorded.type,
    schemaVersion: typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1,
    data: recorded.data,
  });
  const position = recorded.position?.commit ?? resolved.commitPosition;
  if (position === undefined)
    throw new Error(`The event store sent no position for ${recorded.streamId}@${recorded.revision}`);
  return {
    id: recorded.id,
    event: { type: upcast.type, data: upcast.data } as LedgerEvent,
    metadata: { ...metadata, schemaVersion: upcast.schemaVersion },
    revision: recorded.revision,
    position,
  };
}
