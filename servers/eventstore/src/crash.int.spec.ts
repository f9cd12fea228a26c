import { binaryEvent, EventStoreDBClient } from '@eventstore/db-client';
import type { AppendExpectedRevision } from '@eventstore/db-client';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collect } from './testing/event-store.fixture.js';
import type { ServerProcess } from './testing/server-process.js';
import { startServerProcess } from './testing/server-process.js';

const WRITERS = 8;
const STREAMS_PER_WRITER = 2;
/** Acknowledged events after which the server is killed, writers still going. */
const EVENTS_BEFORE_KILL = 1_500;

interface Ack {
  stream: string;
  revision: bigint;
  eventId: string;
  data: Buffer;
  /** The commit position the append answered (that of its last event). */
  batchPosition: bigint;
  lastOfBatch: boolean;
}

/** Bodies of varied length and random content, so a torn or shifted body cannot compare equal. */
const body = (): Buffer => randomBytes(20 + Math.floor(Math.random() * 1_500));

/**
 * Each writer appends batches of 1–4 events, with the exact expected revision, round-robin over
 * its own streams, until told to stop or the server goes away; every answered append is an ack.
 */
async function runWriter(
  client: EventStoreDBClient,
  writer: number,
  acks: Ack[],
  onAck: () => void,
): Promise<void> {
  const next = new Map<string, bigint>();
  for (let round = 0; ; round++) {
    const stream = `crash-${writer}-${round % STREAMS_PER_WRITER}`;
    const first = next.get(stream) ?? 0n;
    const events = Array.from({ length: 1 + (round % 4) }, () => ({ id: randomUUID(), data: body() }));
    const expectedRevision: AppendExpectedRevision = first === 0n ? 'no_stream' : first - 1n;
    let result;
    try {
      result = await client.appendToStream(
        stream,
        events.map((e) => binaryEvent({ type: 'CrashTested', id: e.id, data: e.data })),
        { expectedRevision },
      );
    } catch {
      return; // the server is gone: this append was never acknowledged
    }
    expect(result.nextExpectedRevision).toBe(first + BigInt(events.length) - 1n);
    events.forEach((e, i) =>
      acks.push({
        stream,
        revision: first + BigInt(i),
        eventId: e.id,
        data: e.data,
        batchPosition: result.position!.commit,
        lastOfBatch: i === events.length - 1,
      }),
    );
    next.set(stream, first + BigInt(events.length));
    onAck();
  }
}

async function lastSegment(dataDir: string): Promise<string> {
  const segments = (await readdir(dataDir)).filter((name) => /^chunk-\d+\.log$/.test(name)).sort();
  return join(dataDir, segments.at(-1)!);
}

const userEvents = async (client: EventStoreDBClient) =>
  (await collect(client.readAll())).filter((e) => !e.event!.streamId.startsWith('$'));

describe('the standalone event store killed while clients write', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;
  let client: EventStoreDBClient | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'eventstore-crash-'));
  });
  afterAll(async () => {
    await client?.dispose();
    await server?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  const restart = async (): Promise<EventStoreDBClient> => {
    await client?.dispose();
    server = await startServerProcess(dataDir);
    client = EventStoreDBClient.connectionString(server.connectionString);
    return client;
  };

  it('keeps every acknowledged append, intact and in order, after SIGKILL', async () => {
    const writing = await restart();
    const acks: Ack[] = [];
    const crashing = server!;
    // Writers go on until their appends fail: the kill lands while appends are in flight.
    const onAck = (): void => {
      if (acks.length >= EVENTS_BEFORE_KILL) void crashing.kill();
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => runWriter(writing, w, acks, onAck)));
    await crashing.exited;
    expect(server!.child.signalCode).toBe('SIGKILL');
    expect(acks.length).toBeGreaterThanOrEqual(EVENTS_BEFORE_KILL);

    const reading = await restart();
    // Per stream: every acknowledged event at its revision, same id and bytes, revisions gapless.
    const problems: string[] = [];
    const byStream = new Map<string, Ack[]>();
    for (const ack of acks) {
      if (!byStream.has(ack.stream)) byStream.set(ack.stream, []);
      byStream.get(ack.stream)!.push(ack);
    }
    for (const [stream, expected] of byStream) {
      const stored = await collect(reading.readStream(stream));
      stored.forEach((e, i) => {
        if (e.event!.revision !== BigInt(i))
          problems.push(`${stream}: revision ${e.event!.revision} at ${i}`);
      });
      for (const ack of expected) {
        const got = stored[Number(ack.revision)]?.event;
        if (got?.id !== ack.eventId) problems.push(`${stream}@${ack.revision}: lost (got ${got?.id})`);
        else if (!Buffer.from(got.data as Uint8Array).equals(ack.data))
          problems.push(`${stream}@${ack.revision}: data differs`);
      }
    }
    expect(problems).toEqual([]);

    // $all: each acknowledged event once, positions increasing, each stream in revision order,
    // and each append's answered position is that of its last event.
    const all = await userEvents(reading);
    const positions = all.map((e) => e.event!.position!.commit);
    expect(positions.filter((p, i) => i > 0 && p <= positions[i - 1]!)).toEqual([]);
    const indexOf = new Map(all.map((e, i) => [e.event!.id, i]));
    expect(acks.filter((ack) => !indexOf.has(ack.eventId))).toEqual([]);
    for (const expected of byStream.values()) {
      const order = expected.map((ack) => indexOf.get(ack.eventId)!);
      expect(order.filter((at, i) => i > 0 && at <= order[i - 1]!)).toEqual([]);
    }
    const misplaced = acks.filter(
      (ack) =>
        ack.lastOfBatch && all[indexOf.get(ack.eventId)!]!.event!.position!.commit !== ack.batchPosition,
    );
    expect(misplaced).toEqual([]);
  }, 120_000); // a deadline for two server starts and the writes under a loaded CI, not a measure

  it('cuts garbage appended to the last segment and goes on accepting appends', async () => {
    const before = await userEvents(client!);
    await server!.kill();
    const segment = await lastSegment(dataDir);
    // What a torn write leaves: the start of a frame (its magic) followed by junk; appended past
    // the zeros the server writes ahead of its log, so nothing after it can look intact.
    const junk = Buffer.concat([Buffer.from('EEVB', 'latin1'), randomBytes(3_000)]);
    await appendFile(segment, junk);

    const reading = await restart();
    const cut = /cut (\d+) bytes of torn tail/.exec(server!.output());
    expect(Number(cut?.[1])).toBeGreaterThanOrEqual(junk.length);
    expect((await readFile(segment)).includes(junk)).toBe(false);
    const after = await userEvents(reading);
    expect(after.map((e) => e.event!.id)).toEqual(before.map((e) => e.event!.id));

    const data = randomBytes(300);
    const appended = await reading.appendToStream(
      'crash-after-repair',
      binaryEvent({ type: 'Repaired', data }),
      { expectedRevision: 'no_stream' },
    );
    expect(appended.position!.commit).toBeGreaterThan(before.at(-1)!.event!.position!.commit);
    const [readBack] = await collect(reading.readStream('crash-after-repair'));
    expect(Buffer.from(readBack!.event!.data as Uint8Array).equals(data)).toBe(true);
    expect(readBack!.event!.position!.commit).toBe(appended.position!.commit);
  }, 120_000); // a deadline for two server starts and the writes under a loaded CI, not a measure
});
