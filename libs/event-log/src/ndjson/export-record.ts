import type { LoggedEvent } from '../logged-event.js';

/**
 * One line of an NDJSON export (other tools validate against exactly this shape): data and
 * metadata as stored, never upcast, so the schema version is the one in the metadata.
 */
export interface ExportRecord {
  eventId: string;
  eventType: string;
  streamId: string;
  revision: string;
  position: { commit: string; prepare: string };
  created: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** A line of an import that cannot be read; nothing at or after it is written. */
export class ImportLineError extends Error {
  override readonly name = 'ImportLineError';
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const KEYS = ['eventId', 'eventType', 'streamId', 'revision', 'position', 'created', 'data', 'metadata'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^(0|[1-9]\d{0,19})$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The export line of a raw (not upcast) event. */
export function toExportRecord(event: LoggedEvent): ExportRecord {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: { commit: event.position.commit.toString(), prepare: event.position.prepare.toString() },
    created: event.created.toISOString(),
    data: event.data as Record<string, unknown>,
    metadata: event.metadata,
  };
}

/** Parses and checks one line; throws ImportLineError saying what is wrong with it. */
export function parseExportLine(text: string, line: number): ExportRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ImportLineError(line, `not JSON (${(error as Error).message})`);
  }
  const fail = (reason: string): never => {
    throw new ImportLineError(line, reason);
  };
  if (!isObject(parsed)) return fail('not a JSON object');
  const unknown = Object.keys(parsed).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) fail(`unknown field ${unknown.join(', ')}`);
  const { eventId, eventType, streamId, revision, position, created, data, metadata } = parsed;
  if (typeof eventId !== 'string' || !UUID.test(eventId)) fail('eventId must be a UUID');
  if (typeof eventType !== 'string' || eventType === '' || eventType.startsWith('$'))
    fail('eventType must be a non-empty string not starting with $');
  if (typeof streamId !== 'string' || streamId === '' || streamId.startsWith('$'))
    fail('streamId must be a non-empty string not starting with $');
  if (typeof revision !== 'string' || !DECIMAL.test(revision)) fail('revision must be a decimal string');
  if (
    !isObject(position) ||
    !['commit', 'prepare'].every(
      (k) => typeof position[k] === 'string' && DECIMAL.test(position[k] as string),
    )
  )
    fail('position must be {commit, prepare} as decimal strings');
  if (typeof created !== 'string' || !ISO_TIME.test(created) || Number.isNaN(Date.parse(created)))
    fail('created must be an ISO-8601 time');
  if (!isObject(data)) fail('data must be a JSON object');
  if (!isObject(metadata)) fail('metadata must be a JSON object');
  return parsed as unknown as ExportRecord;
}
