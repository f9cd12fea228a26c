import type { ResolvedEvent } from '@eventstore/db-client';
import type { ConsumedEvent } from '@ledger/consumers';
import { isLedgerEventType, type LedgerEvent, ledgerUpcasters } from '@ledger/domain';
import type { LoggedEvent } from '../logged-event.js';

/** Stored events before versioning carried no schemaVersion: they are version 1. */
const storedVersion = (metadata: Record<string, unknown>): number =>
  typeof metadata.schemaVersion === 'number' ? metadata.schemaVersion : 1;

/**
 * A recorded event as stored (`raw`) or upcast with the same registry every reader uses. Types the
 * ledger does not know (snapshots) are shown as stored either way.
 */
export function toLoggedEvent(resolved: ResolvedEvent, raw: boolean): LoggedEvent {
  const recorded = resolved.event;
  if (!recorded) throw new Error('Read a link to a missing event; ledger streams hold no links');
  const metadata = (recorded.isJson ? (recorded.metadata ?? {}) : {}) as Record<string, unknown>;
  const data: unknown = recorded.isJson
    ? recorded.data
    : Buffer.from(recorded.data as Uint8Array).toString('base64');
  const schemaVersion = storedVersion(metadata);
  const position = recorded.position ?? { commit: resolved.commitPosition ?? 0n, prepare: 0n };
  const base = {
    eventId: recorded.id,
    eventType: recorded.type,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: { commit: position.commit, prepare: position.prepare },
    created: recorded.created,
    metadata,
  };
  if (raw || !recorded.isJson || !isLedgerEventType(recorded.type)) {
    return { ...base, schemaVersion, data, upcast: false };
  }
  const upcast = ledgerUpcasters.upcast({ type: recorded.type, schemaVersion, data });
  return {
    ...base,
    schemaVersion: upcast.schemaVersion,
    data: upcast.data,
    metadata: { ...metadata, schemaVersion: upcast.schemaVersion },
    upcast: upcast.schemaVersion !== schemaVersion,
  };
}

/** A read event as the consumers see one (for replays through a projection). */
export const toConsumedEvent = (event: LoggedEvent): ConsumedEvent<LedgerEvent> => ({
  id: event.eventId,
  stream: event.streamId,
  revision: event.revision,
  position: event.position.commit,
  recordedAt: event.created,
  event: { type: event.eventType, data: event.data } as LedgerEvent,
  metadata: event.metadata,
});
