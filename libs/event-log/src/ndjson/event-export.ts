import { type EventStoreDBClient, FORWARDS, type Position, START } from '@eventstore/db-client';
import { toLoggedEvent } from '../streams/recorded-event.mapper.js';
import { type ExportRecord, toExportRecord } from './export-record.js';

export interface ExportOptions {
  /** Only events at or after this commit position. */
  fromPosition?: bigint;
  /** Only events at or before this commit position. */
  toPosition?: bigint;
}

const PAGE = 1_000;

/**
 * Events should a new store need to hold the same ledger: every event of `$all` in log order, as
 * stored, but system events (`$…`) and snapshots (an optimisation the target makes again).
 */
export const isExported = (streamId: string, eventType: string): boolean =>
  !streamId.startsWith('$') && !eventType.startsWith('$') && !streamId.startsWith('snapshot-');

/**
 * `$all` read in pages of PAGE events: a page is always read to its end (leaving a read early
 * hangs the client), and the export stops between pages once past `toPosition`.
 */
export async function* exportEvents(
  client: EventStoreDBClient,
  options: ExportOptions = {},
): AsyncGenerator<ExportRecord> {
  let from: Position | typeof START = START;
  let last: Position | undefined;
  for (;;) {
    let read = 0;
    let pastEnd = false;
    const page = client.readAll({ direction: FORWARDS, fromPosition: from, maxCount: PAGE });
    const records: ExportRecord[] = [];
    for await (const resolved of page) {
      read += 1;
      const event = resolved.event;
      if (!event?.position) continue;
      const position = event.position;
      // A page starts at the last event of the one before it.
      if (last && position.commit === last.commit && position.prepare === last.prepare) continue;
      last = position;
      if (options.toPosition !== undefined && position.commit > options.toPosition) pastEnd = true;
      if (pastEnd || (options.fromPosition !== undefined && position.commit < options.fromPosition)) continue;
      if (isExported(event.streamId, event.type) && event.isJson)
        records.push(toExportRecord(toLoggedEvent(resolved, true)));
    }
    yield* records;
    if (pastEnd || read < PAGE || !last) return;
    from = last;
  }
}
