import { appendFile, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, MongoClient, type Document } from 'mongodb';
import { freePort } from '@embedded-servers/storage';
import { ServerProcess } from './server-process.testing.js';

/** Reads with every BSON type kept, so Int32, Double, Long and Decimal128 can be told apart. */
const TYPED = { promoteValues: false, promoteLongs: false } as const;
const WRITERS = 4;

type Doc = Document & { _id: string };

interface Acknowledged {
  /** _id → the document as written, for inserts acknowledged by the server. */
  inserted: Map<string, Doc>;
  /** counter _id → increments acknowledged. */
  counters: Map<string, number>;
  /** _id → value of `v` set by an acknowledged bulk upsert. */
  upserted: Map<string, number>;
}

const insertDoc = (id: string, n: number): Doc => ({
  _id: id,
  n,
  big: Long.fromBigInt(2n ** 62n + BigInt(n)),
  rate: new Double(n + 0.25),
  whole: new Double(n),
  amount: Decimal128.fromString(`${n}.10`),
  nested: { at: new Date(1_700_000_000_000 + n), tags: ['a', n] },
});

const client = (uri: string) =>
  new MongoClient(uri, { retryWrites: false, retryReads: false, serverSelectionTimeoutMS: 5_000 });

/** Several writers send acknowledged writes until the server dies under them. */
async function writeUntilKilled(server: ServerProcess, killAfter: number): Promise<Acknowledged> {
  const acked: Acknowledged = { inserted: new Map(), counters: new Map(), upserted: new Map() };
  const mongo = await client(server.uri).connect();
  const coll = mongo.db('crash').collection<Doc>('docs');
  let count = 0;
  let killing: Promise<void> | undefined;
  const ack = () => {
    if (++count === killAfter) killing = server.kill();
  };
  // After the kill, writers stop rather than wait for server selection to time out.
  const alive = () => killing === undefined;
  const writer = async (w: number) => {
    try {
      for (let n = 0; alive(); n++) {
        const id = `w${w}-${n}`;
        const doc = insertDoc(id, n);
        await coll.insertOne(doc);
        acked.inserted.set(id, doc);
        ack();
        if (!alive()) return;
        await coll.updateOne(
          { _id: `counter-${w}` },
          {
            $inc: { count: 1, total: Long.fromNumber(10), half: new Double(0.5) },
            $set: { last: n + 1 },
          },
          { upsert: true },
        );
        acked.counters.set(`counter-${w}`, n + 1);
        ack();
        if (n % 5 === 0 && alive()) {
          const ids = Array.from({ length: 10 }, (_, i) => `bulk-${w}-${n}-${i}`);
          await coll.bulkWrite(
            ids.map((_id, i) => ({
              updateOne: { filter: { _id }, update: { $set: { v: new Int32(i) } }, upsert: true },
            })),
          );
          ids.forEach((id, i) => acked.upserted.set(id, i));
          ack();
        }
      }
    } catch {
      // The server was killed: this writer's last write is unacknowledged and may or may not be there.
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  await killing;
  await mongo.close();
  return acked;
}

/** Every acknowledged write is there, with its values and BSON types. */
async function expectAcknowledged(uri: string, acked: Acknowledged): Promise<number> {
  const mongo = await client(uri).connect();
  try {
    const all = await mongo.db('crash').collection<Doc>('docs').find({}, TYPED).toArray();
    const byId = new Map(all.map((d) => [d._id, d]));
    const missing = [...acked.inserted.keys(), ...acked.upserted.keys()].filter((id) => !byId.has(id));
    expect(missing).toEqual([]);
    for (const [id, written] of acked.inserted) {
      const doc = byId.get(id)!;
      expect(doc.n).toBeInstanceOf(Int32);
      expect(doc.n.value).toBe(written.n);
      expect(doc.big).toBeInstanceOf(Long);
      expect(doc.big.toBigInt()).toBe(written.big.toBigInt());
      expect(doc.rate).toBeInstanceOf(Double);
      expect(doc.rate.value).toBe(written.n + 0.25);
      expect(doc.whole).toBeInstanceOf(Double);
      expect(doc.whole.value).toBe(written.n);
      expect(doc.amount).toBeInstanceOf(Decimal128);
      expect(doc.amount.toString()).toBe(`${written.n}.10`);
      expect(doc.nested.at).toEqual(written.nested.at);
    }
    for (const [id, v] of acked.upserted) {
      expect(byId.get(id)!.v).toEqual(new Int32(v));
    }
    for (const [id, increments] of acked.counters) {
      const doc = byId.get(id)!;
      // The write in flight at the kill may have landed too, but never half of it.
      expect([increments, increments + 1]).toContain(doc.count.value);
      expect(doc.last.value).toBe(doc.count.value);
      expect(doc.total).toEqual(Long.fromNumber(10 * doc.count.value));
      expect(doc.half).toBeInstanceOf(Double);
      expect(doc.half.value).toBe(doc.count.value / 2);
    }
    return all.length;
  } finally {
    await mongo.close();
  }
}

async function latestLog(dataDir: string): Promise<string> {
  const logs = (await readdir(dataDir)).filter((f) => /^wal-\d+\.log$/.test(f)).sort();
  return path.join(dataDir, logs[logs.length - 1]);
}

describe('embedded MongoDB server process killed mid-stream', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'mongo-crash-'));
  });
  afterEach(async () => {
    await server?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across SIGKILL, and cuts garbage after the log', async () => {
    const port = await freePort();
    server = await ServerProcess.start(port, dataDir);
    const acked = await writeUntilKilled(server, 300 + Math.floor(Math.random() * 200));
    expect(acked.inserted.size).toBeGreaterThan(50);

    server = await ServerProcess.start(port, dataDir);
    const recovered = await expectAcknowledged(server.uri, acked);
    await server.kill();

    // Garbage after the last record (a torn write, a stray tool): cut on start, nothing lost.
    const log = await latestLog(dataDir);
    const intactBytes = (await stat(log)).size;
    await appendFile(log, randomBytes(777));
    server = await ServerProcess.start(port, dataDir);
    expect((await stat(log)).size).toBe(intactBytes);
    expect(await expectAcknowledged(server.uri, acked)).toBe(recovered);
    let mongo = await client(server.uri).connect();
    const after = insertDoc('after-garbage', 7);
    await mongo.db('crash').collection<Doc>('docs').insertOne(after);
    await mongo
      .db('crash')
      .collection<Doc>('docs')
      .updateOne(
        { _id: 'counter-0' },
        { $inc: { count: 1, total: Long.fromNumber(10), half: new Double(0.5) } },
      );
    await mongo.close();
    await server.kill();

    server = await ServerProcess.start(port, dataDir);
    acked.inserted.set('after-garbage', after);
    acked.counters.set('counter-0', (acked.counters.get('counter-0') ?? 0) + 1);
    mongo = await client(server.uri).connect();
    try {
      const counter = await mongo.db('crash').collection<Doc>('docs').findOne({ _id: 'counter-0' }, TYPED);
      // `last` was not set by the extra increment: the counter moved one past it.
      expect(counter!.count.value).toBe(counter!.last.value + 1);
    } finally {
      await mongo.close();
    }
    acked.counters.delete('counter-0');
    expect(await expectAcknowledged(server.uri, acked)).toBe(recovered + 1);
  }, 90_000); // four server starts and a crash: past 30 s on this 2-core machine under load (main too)
});
