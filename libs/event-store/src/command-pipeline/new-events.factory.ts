import { CURRENT_SCHEMA_VERSIONS } from '@ledger/domain';
import { eventIdFor } from '../idempotency/idempotency-ids.js';
import type { EventMetadata, NewEvent } from '../serialization/event-metadata.js';
import type { CommandContext } from './command-context.js';

type Message = { type: string; data: object };

/** Decided events → events to append: deterministic ids for keyed commands, metadata on each. */
export function newEventsFor(
  streamName: string,
  commandType: string,
  events: Message[],
  context: CommandContext,
): NewEvent[] {
  return events.map((event, index) => {
    const metadata: EventMetadata = {
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.commandId,
      commandId: context.commandId,
      actor: context.actor,
      occurredAt: context.issuedAt,
      schemaVersion: (CURRENT_SCHEMA_VERSIONS as Record<string, number>)[event.type] ?? 1,
      commandType,
      eventIndex: index,
      eventCount: events.length,
      ...(context.idempotencyKey !== undefined ? { idempotencyKey: context.idempotencyKey } : {}),
      ...(context.requestHash !== undefined ? { requestHash: context.requestHash } : {}),
      ...(context.traceparent !== undefined ? { traceparent: context.traceparent } : {}),
    };
    return { id: eventIdFor(context, streamName, index), event, metadata };
  });
}
