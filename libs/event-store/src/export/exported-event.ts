import type { ResolvedEvent } from '@eventstore/db-client';

/**
 * One line of an NDJSON export of stored events, exactly as stored (no upcasting): the format of
 * `ledger events export` and of the contract fixtures under contracts/fixtures/. Revisions and
 * positions are decimal strings, since they may pass 2^53.
 */
export type ExportedEvent = {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: { commit: string; prepare: string };
  created: string;
  data: unknown;
  metadata: unknown;
};

export function toExportedEvent(resolved: ResolvedEvent): ExportedEvent {
  const recorded = resolved.event;
  if (!recorded) throw new Error('Cannot export a link to a missing event');
  if (!recorded.isJson) throw new Error(`Event ${recorded.id} in ${recorded.streamId} is not JSON`);
  const position = recorded.position;
  if (!position)
    throw new Error(`The event store sent no position for ${recorded.streamId}@${recorded.revision}`);
  return {
    eventId: recorded.id,
    eventType: recorded.type,
    streamId: recorded.streamId,
    revision: recorded.revision.toString(),
    position: { commit: position.commit.toString(), prepare: position.prepare.toString() },
    created: recorded.created.toISOString(),
    data: recorded.data,
    metadata: recorded.metadata ?? null,
  };
}

/** One NDJSON line (with its newline). */
export const exportLine = (resolved: ResolvedEvent): string =>
  `${JSON.stringify(toExportedEvent(resolved))}\n`;
