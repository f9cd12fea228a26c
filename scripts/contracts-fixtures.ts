// `npm run contracts:fixtures`: stored-event fixtures, one file per event type and version under
// contracts/fixtures/, taken from real appends. A tour of the ledger runs through the command API
// and the projectors' workflow on embedded servers; then the same histories are appended again,
// under new ids, in the v1 shapes older writers stored; all is read back with the official client.
// Only missing fixtures are written: a fixture, once committed, is the proof that its version reads.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EventStoreDBClient, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { CONTRACTS_DIR, schemaNameOf } from '@ledger/contracts';
import { EVENT_SCHEMAS, isLedgerEventType } from '@ledger/domain';
import { exportEvents, type ExportRecord as ExportedEvent } from '@ledger/event-log';
import { runLedgerTour, startLedgerProcesses } from '@ledger/testing';

const FIXTURES_DIR = join(CONTRACTS_DIR, 'fixtures');
const LEDGER_STREAM = /^(account|transfer)-/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

async function readLedgerEvents(client: EventStoreDBClient): Promise<ExportedEvent[]> {
  const events: ExportedEvent[] = [];
  for await (const event of exportEvents(client)) {
    if (LEDGER_STREAM.test(event.streamId) && isLedgerEventType(event.eventType)) events.push(event);
  }
  return events;
}

/** The v1 shape of an event's data: only the fields v1 had (every later version only added some). */
function asV1(event: ExportedEvent): { data: Record<string, unknown>; version: number } {
  const versions = EVENT_SCHEMAS[event.eventType as keyof typeof EVENT_SCHEMAS];
  const data = event.data as Record<string, unknown>;
  if (versions.length === 1) return { data, version: 1 };
  const v1Fields = Object.keys((versions[0] as unknown as { properties: object }).properties);
  return {
    data: Object.fromEntries(Object.entries(data).filter(([key]) => v1Fields.includes(key))),
    version: 1,
  };
}

/** Appends each ledger stream again under new ids, as an older writer (schemaVersion 1) would have. */
async function appendV1Histories(client: EventStoreDBClient, events: ExportedEvent[]): Promise<void> {
  const renamed = new Map<string, string>();
  const rename = (text: string): string =>
    text.replace(UUID, (id) => renamed.get(id) ?? (renamed.set(id, randomUUID()), renamed.get(id)!));
  const streams = new Map<string, ExportedEvent[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  for (const [streamId, history] of streams) {
    const legacy = history.map((event) => {
      const { data, version } = asV1(event);
      const metadata = { ...(event.metadata as Record<string, unknown>), schemaVersion: version };
      return jsonEvent({ type: event.eventType, data: JSON.parse(rename(JSON.stringify(data))), metadata });
    });
    await client.appendToStream(rename(streamId), legacy, { expectedRevision: NO_STREAM });
  }
}

const ledger = await startLedgerProcesses();
const client = EventStoreDBClient.connectionString(ledger.store.connectionString);
try {
  await runLedgerTour(ledger, client);
  await appendV1Histories(client, await readLedgerEvents(client));
  mkdirSync(FIXTURES_DIR, { recursive: true });
  const written = new Set<string>();
  for (const event of await readLedgerEvents(client)) {
    const version = Number((event.metadata as { schemaVersion?: unknown }).schemaVersion ?? 1);
    const file = join(FIXTURES_DIR, `${schemaNameOf(event.eventType, version)}.ndjson`);
    if (written.has(file) || existsSync(file)) continue;
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    written.add(file);
    process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
  }
  if (written.size === 0) process.stdout.write('every event type and version already has a fixture\n');
} finally {
  await client.dispose();
  await ledger.stop();
}
