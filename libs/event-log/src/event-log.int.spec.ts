import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { evolveAccount, initialAccountState, type AccountEvent } from '@ledger/domain';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import {
  aggregateAt,
  type ExportRecord,
  exportEvents,
  ImportLineError,
  importEvents,
  listStreams,
  NotFoundError,
  readStream,
} from '@ledger/event-log';
import { type SeededHistory, seedLedgerHistory } from '@ledger/testing';

async function* linesOf(records: readonly unknown[]): AsyncGenerator<string> {
  for (const record of records) yield typeof record === 'string' ? record : JSON.stringify(record);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** `$all` without the server's own events: what two stores must agree on. */
async function ledgerLog(client: EventStoreDBClient) {
  const events = [];
  for await (const { event } of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    if (
      event &&
      !event.streamId.startsWith('$') &&
      !event.type.startsWith('$') &&
      !event.streamId.startsWith('snapshot-')
    )
      events.push({
        id: event.id,
        stream: event.streamId,
        revision: event.revision,
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      });
  }
  return events;
}

describe('the event log, against an event store', () => {
  let server: EmbeddedEventStore;
  let client: EventStoreDBClient;
  let seeded: SeededHistory;

  beforeAll(async () => {
    server = await startEventStore({ memory: true, port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    seeded = await seedLedgerHistory(client);
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  describe('reading a stream', () => {
    it('upcasts by default and shows events as stored with raw', async () => {
      const [opened] = await readStream(client, seeded.accountA, { limit: 1 });
      expect(opened).toMatchObject({
        eventType: 'AccountOpened',
        revision: 0n,
        schemaVersion: 2,
        upcast: true,
      });
      expect(opened!.data).toMatchObject({ overdraftLimit: 0 });
      const [raw] = await readStream(client, seeded.accountA, { limit: 1, raw: true });
      expect(raw).toMatchObject({ schemaVersion: 1, upcast: false });
      expect(raw!.data).not.toHaveProperty('overdraftLimit');
    });

    it('pages from a revision, forwards or backwards', async () => {
      const forwards = await readStream(client, seeded.accountA, { from: 1n, limit: 2 });
      expect(forwards.map((e) => e.revision)).toEqual([1n, 2n]);
      const backwards = await readStream(client, seeded.accountA, { backwards: true, limit: 2 });
      expect(backwards.map((e) => e.eventType)).toEqual(['AccountFrozen', 'MoneyWithdrawn']);
    });

    it('answers NotFoundError for a stream that does not exist', async () => {
      await expect(readStream(client, 'account-nobody')).rejects.toThrow(NotFoundError);
    });
  });

  it('lists streams with their counts and last positions, by prefix', async () => {
    const { streams, truncated } = await listStreams(client, { prefix: 'account-' });
    expect(truncated).toBe(false);
    const a = streams.find((s) => s.streamId === seeded.accountA);
    expect(a).toMatchObject({ events: 4, lastRevision: 3n });
    const [lastOfA] = await readStream(client, seeded.accountA, { backwards: true, limit: 1 });
    expect(a!.lastPosition).toBe(lastOfA!.position.commit);
    expect(a!.lastChanged).toEqual(lastOfA!.created);
    expect(streams.every((s) => s.streamId.startsWith('account-'))).toBe(true);
    const capped = await listStreams(client, { maxStreams: 1 });
    expect(capped).toMatchObject({ truncated: true, streams: [expect.anything()] });
  });

  it('folds an aggregate at each revision exactly as evolve folds that prefix, ignoring its snapshot', async () => {
    const events = (await readStream(client, seeded.accountA)).map(
      (e) => ({ type: e.eventType, data: e.data }) as AccountEvent,
    );
    for (let revision = 0; revision < events.length; revision++) {
      const at = await aggregateAt(client, seeded.accountA, { revision: BigInt(revision) });
      expect(at.state).toEqual(events.slice(0, revision + 1).reduce(evolveAccount, initialAccountState()));
      expect(at.events).toHaveLength(revision + 1);
    }
    const now = await aggregateAt(client, seeded.accountA);
    expect(now.state).toMatchObject({ balance: 4_000, status: 'frozen' });
    const earlier = await aggregateAt(client, seeded.accountA, {
      time: new Date(seeded.events[2]!.occurredAt),
    });
    expect(earlier.state).toMatchObject({ balance: 5_000, status: 'open' });
  });

  describe('export and import', () => {
    let exported: ExportRecord[];
    let target: EmbeddedEventStore;
    let targetClient: EventStoreDBClient;

    beforeAll(async () => {
      exported = await collect(exportEvents(client));
      target = await startEventStore({ memory: true, port: 0 });
      targetClient = EventStoreDBClient.connectionString(target.connectionString);
    });
    afterAll(async () => {
      await targetClient.dispose();
      await target.stop();
    });

    it('exports every ledger event as stored, without snapshots', () => {
      expect(exported.map((r) => r.eventType)).toEqual(seeded.events.map((e) => e.type));
      expect(exported[0]!.metadata).toMatchObject({ schemaVersion: 1 });
      expect(exported[0]!.data).not.toHaveProperty('overdraftLimit');
    });

    it('exports a range of positions', async () => {
      const [, second, third] = exported;
      const range = await collect(
        exportEvents(client, {
          fromPosition: BigInt(second!.position.commit),
          toPosition: BigInt(third!.position.commit),
        }),
      );
      expect(range.map((r) => r.eventId)).toEqual([second!.eventId, third!.eventId]);
    });

    it('imports into a fresh store the same log; a second import adds nothing', async () => {
      expect(await importEvents(targetClient, () => linesOf(exported))).toEqual({
        events: 7,
        imported: 7,
        alreadyThere: 0,
      });
      const source = await ledgerLog(client);
      expect(await ledgerLog(targetClient)).toEqual(source);
      expect(await importEvents(targetClient, () => linesOf(exported))).toEqual({
        events: 7,
        imported: 0,
        alreadyThere: 7,
      });
      expect(await ledgerLog(targetClient)).toEqual(source);
    });

    it('stops at a damaged line with its number, having written nothing', async () => {
      const fresh = await startEventStore({ memory: true, port: 0 });
      const freshClient = EventStoreDBClient.connectionString(fresh.connectionString);
      try {
        const damaged = [...exported.slice(0, 3), '{"eventId": "cut in half', ...exported.slice(3)];
        const failure = await importEvents(freshClient, () => linesOf(damaged)).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(ImportLineError);
        expect(failure).toMatchObject({ line: 4 });
        expect(await ledgerLog(freshClient)).toEqual([]);
      } finally {
        await freshClient.dispose();
        await fresh.stop();
      }
    });

    it('refuses an event whose place in its stream holds another one, naming the line', async () => {
      const clash = { ...exported[0]!, eventId: '00000000-0000-4000-8000-000000000000' };
      await expect(importEvents(targetClient, () => linesOf([clash]))).rejects.toThrow(
        /line 1: .*already holds another event/,
      );
    });
  });
});
