import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { ConsumedEvent, Message, SourceItem } from '@ledger/consumers';
import { isLedgerEventType, type LedgerEvent } from '@ledger/domain';
import { deserializeEvent } from '@ledger/event-store';

/**
 * A resolved `$all` event as the engine sees it. Ledger events go through `deserializeEvent`, so
 * they are upcast as every other read is; a type the ledger does not know (or a system event) comes
 * as it is stored, for the engine to drop, ignore or park; one that cannot be read is `undecodable`.
 */
export function decodeLedgerEvent(resolved: AllStreamResolvedEvent): SourceItem<LedgerEvent> {
  const recorded = resolved.event;
  const position = recorded?.position?.commit ?? resolved.commitPosition;
  if (!recorded || position === undefined)
    throw new Error('The event store sent an event without its record or position');
  const raw: ConsumedEvent<Message> = {
    id: recorded.id,
    stream: recorded.streamId,
    revision: recorded.revision,
    position,
    recordedAt: recorded.created,
    event: { type: recorded.type, data: recorded.isJson ? recorded.data : null },
    metadata:
      recorded.isJson && recorded.metadata && typeof recorded.metadata === 'object'
        ? (recorded.metadata as Record<string, unknown>)
        : {},
  };
  if (!isLedgerEventType(recorded.type)) return { kind: 'event', event: raw as ConsumedEvent<LedgerEvent> };
  try {
    const stored = deserializeEvent(resolved);
    return { kind: 'event', event: { ...raw, event: stored.event, metadata: stored.metadata } };
  } catch (error) {
    return { kind: 'undecodable', event: raw, error: error instanceof Error ? error.message : String(error) };
  }
}
