import {
  type EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { type ExportRecord, ImportLineError, parseExportLine } from './export-record.js';

/** Lines of the file, from its start each time it is called (the import reads it twice). */
export type LineSource = () => AsyncIterable<string>;

export interface ImportOutcome {
  /** Events in the file. */
  events: number;
  /** Events appended. */
  imported: number;
  /** Events the target stream already held at their revision, with the same id. */
  alreadyThere: number;
}

type Numbered = { line: number; record: ExportRecord };

/** Appends of one stream's consecutive events go together, at most this many at once. */
const BATCH = 500;

async function* numberedRecords(lines: AsyncIterable<string>): AsyncGenerator<Numbered> {
  let line = 0;
  let blankAt: number | undefined;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') {
      blankAt ??= line;
      continue;
    }
    // Blank lines may end a file, never sit between events.
    if (blankAt !== undefined) throw new ImportLineError(blankAt, 'blank line between events');
    yield { line, record: parseExportLine(text, line) };
  }
}

/**
 * Imports an NDJSON export: every line is checked first, so a damaged line stops the import
 * with its number before anything is written; then the events are appended in the file's order
 * with their ids, data and metadata, each at the revision it had (the server sets `created`;
 * `occurredAt` stays in the metadata). An event the target already holds at that revision with
 * the same id is left alone, so importing twice adds nothing; another event there stops the
 * import at that line (the lines before it stay written).
 */
export async function importEvents(
  client: EventStoreDBClient,
  source: LineSource,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ImportOutcome> {
  let total = 0;
  for await (const _checked of numberedRecords(source())) total += 1;
  const outcome: ImportOutcome = { events: total, imported: 0, alreadyThere: 0 };
  let batch: Numbered[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const done = await appendBatch(client, batch);
    outcome.imported += done.imported;
    outcome.alreadyThere += done.alreadyThere;
    batch = [];
    onProgress(outcome.imported + outcome.alreadyThere, total);
  };
  for await (const numbered of numberedRecords(source())) {
    const previous = batch.at(-1);
    if (previous && (previous.record.streamId !== numbered.record.streamId || batch.length >= BATCH))
      await flush();
    batch.push(numbered);
  }
  await flush();
  return outcome;
}

async function appendBatch(client: EventStoreDBClient, batch: Numbered[]) {
  const stream = batch[0]!.record.streamId;
  batch.forEach(({ line, record }, i) => {
    if (i > 0 && BigInt(record.revision) !== BigInt(batch[i - 1]!.record.revision) + 1n) {
      throw new ImportLineError(
        line,
        `revision ${record.revision} of ${stream} does not follow the line before`,
      );
    }
  });
  const held = await heldIds(client, stream, BigInt(batch[0]!.record.revision), batch.length);
  held.forEach((id, i) => {
    const { line, record } = batch[i]!;
    if (id !== record.eventId) {
      throw new ImportLineError(line, `${stream}@${record.revision} already holds another event (${id})`);
    }
  });
  const rest = batch.slice(held.length);
  if (rest.length === 0) return { imported: 0, alreadyThere: held.length };
  const first = BigInt(rest[0]!.record.revision);
  try {
    await client.appendToStream(
      stream,
      rest.map(({ record }) =>
        jsonEvent({
          id: record.eventId,
          type: record.eventType,
          data: record.data,
          metadata: record.metadata,
        }),
      ),
      { expectedRevision: first === 0n ? NO_STREAM : first - 1n },
    );
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    throw new ImportLineError(
      rest[0]!.line,
      `${stream} is at ${String(error.actualVersion)}, so revision ${first} cannot be written there`,
    );
  }
  return { imported: rest.length, alreadyThere: held.length };
}

/** Ids the target stream already holds from `from`, at most `count`. */
async function heldIds(client: EventStoreDBClient, stream: string, from: bigint, count: number) {
  const ids: string[] = [];
  try {
    for await (const { event } of client.readStream(stream, {
      direction: FORWARDS,
      fromRevision: from,
      maxCount: count,
    })) {
      if (event) ids.push(event.id);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return ids;
}
