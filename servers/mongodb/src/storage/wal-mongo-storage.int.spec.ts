import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, Decimal128, Double, Int32, Long, ObjectId, UUID, type Document } from 'bson';
import { MapState } from './map-state.testing.js';
import type { Change } from './mongo-storage.js';
import { WalMongoStorage } from './wal-mongo-storage.js';

let dir: string;
const opened: WalMongoStorage[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wal-mongo-'));
});

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
  await rm(dir, { recursive: true, force: true });
});

async function openStorage(options?: { snapshotAfterBytes?: number }) {
  const state = new MapState();
  const storage = new WalMongoStorage(dir, options);
  opened.push(storage);
  await storage.open(state.apply, state.dump);
  /** Applies to memory and logs in the same tick, as the server does. */
  const commit = (changes: Change[]) => {
    for (const change of changes) state.apply(change);
    return storage.commit(changes);
  };
  return { state, storage, commit };
}

const put = (doc: Document, coll = 'things'): Change => ({ t: 'put', db: 'app', coll, doc });

const typedDoc = (n: number) => ({
  _id: new ObjectId(),
  n: new Int32(n),
  big: Long.fromString('9223372036854775807'),
  one: new Double(1),
  price: Decimal128.fromString('19.990'),
  at: new Date(Date.UTC(2026, 0, (n % 28) + 1)),
  raw: new Binary(Buffer.from([n & 255, 0, 255]), 0x80),
  uuid: new UUID(),
  tags: ['a', new Int32(2), new Double(3)],
});

const logFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
const lastLog = async () => join(dir, (await logFiles()).at(-1)!);

describe('WalMongoStorage', () => {
  it('gives back every change with its BSON types after a reopen', async () => {
    const first = await openStorage();
    await first.commit([
      { t: 'createCollection', db: 'app', coll: 'things', options: { capped: false } },
      {
        t: 'createIndex',
        db: 'app',
        coll: 'things',
        spec: { key: { n: new Int32(1) }, name: 'n_1', unique: true },
      },
    ]);
    const docs = Array.from({ length: 20 }, (_, i) => typedDoc(i));
    await Promise.all(docs.map((doc) => first.commit([put(doc)])));
    await first.commit([
      { t: 'del', db: 'app', coll: 'things', id: docs[3]._id },
      put({ _id: 'gone' }, 'tmp'),
    ]);
    await first.commit([{ t: 'dropCollection', db: 'app', coll: 'tmp' }]);
    await first.storage.close();

    const second = await openStorage();
    expect(second.state.docs).toEqual(first.state.docs);
    expect(second.state.collections).toEqual(first.state.collections);
    expect(second.state.indexes).toEqual(first.state.indexes);
    expect(second.state.docs.size).toBe(19);
    const doc = [...second.state.docs.values()][0];
    expect(doc.n).toBeInstanceOf(Int32);
    expect(doc.one).toBeInstanceOf(Double);
    expect(doc.big).toBeInstanceOf(Long);
    expect(doc.price).toBeInstanceOf(Decimal128);
    expect(doc.uuid.sub_type).toBe(Binary.SUBTYPE_UUID);
    expect(doc.raw.sub_type).toBe(0x80);
  });

  it('shares one sync among batches committed together, acknowledging them in call order', async () => {
    const { storage, commit } = await openStorage();
    const acknowledged: number[] = [];
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => commit([put({ _id: i })]).then(() => acknowledged.push(i))),
    );
    expect(acknowledged).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(storage.stats).toMatchObject({ batches: 100, flushes: 1 });
  });

  it('bounds the log with snapshots and recovers the same state from snapshot plus log', async () => {
    const { state, storage, commit } = await openStorage({ snapshotAfterBytes: 8 * 1024 });
    for (let round = 0; round < 40; round++) {
      const batch = Array.from({ length: 10 }, (_, i) =>
        put({ _id: new Int32(i + (round % 7) * 10), round: new Int32(round) }),
      );
      await Promise.all([
        commit(batch),
        commit([{ t: 'del', db: 'app', coll: 'things', id: new Int32(round) }]),
      ]);
    }
    await until(() => storage.stats.snapshots >= 2);
    await commit([
      put({ _id: 'after-snapshot', n: new Long(5) }),
      { t: 'del', db: 'app', coll: 'things', id: new Int32(5) },
    ]);
    await storage.close();
    expect((await stat(await lastLog())).size).toBeGreaterThan(0);
    const files = await readdir(dir);
    expect(files.filter((name) => name.startsWith('snapshot-'))).toHaveLength(1);
    expect(files).not.toContain('wal-0000000001.log');

    const reopened = await openStorage({ snapshotAfterBytes: 8 * 1024 });
    expect(reopened.state.docs).toEqual(state.docs);
    expect(reopened.state.docs.size).toBeGreaterThan(0);
  });

  it('keeps every log generation when a snapshot fails, and replays them in order', async () => {
    const failures: Error[] = [];
    const state = new MapState();
    const storage = new WalMongoStorage(dir, {
      snapshotAfterBytes: 2048,
      onSnapshotError: (e) => failures.push(e),
    });
    opened.push(storage);
    await storage.open(state.apply, state.dump);
    // A directory where the snapshot's temp file should go makes the snapshot fail.
    await mkdir(join(dir, 'snapshot-0000000002.bson.tmp'));
    const commitOne = (i: number) => {
      const change = put({ _id: new Int32(i % 10), v: new Int32(i), pad: 'x'.repeat(100) });
      state.apply(change);
      return storage.commit([change]);
    };
    let i = 0;
    while (failures.length === 0 && i < 1000) await commitOne(i++);
    // A few more (well under the next 2 KiB) land in generation 2.
    for (const end = i + 3; i < end; i++) await commitOne(i);
    await storage.close();
    expect(storage.stats.snapshotFailures).toBeGreaterThan(0);
    expect(await logFiles()).toEqual(expect.arrayContaining(['wal-0000000001.log', 'wal-0000000002.log']));
    await rm(join(dir, 'snapshot-0000000002.bson.tmp'), { recursive: true });
    await writeFile(join(dir, 'snapshot-0000000002.bson.tmp'), 'half a snapshot');

    const reopened = await openStorage();
    expect(reopened.state.docs).toEqual(state.docs);
    expect(await readdir(dir)).not.toContain('snapshot-0000000002.bson.tmp');
  });

  it('cuts a garbage tail and appends cleanly after it', async () => {
    const first = await openStorage();
    await first.commit([put({ _id: 'a' })]);
    await first.storage.close();
    const garbage = Buffer.from('\x00\x00\x01\x00garbage that is not a record');
    await appendFile(await lastLog(), garbage);

    const second = await openStorage();
    expect([...second.state.docs.values()]).toEqual([{ _id: 'a' }]);
    expect(second.storage.stats.truncatedBytes).toBe(garbage.length);
    await second.commit([put({ _id: 'b' })]);
    await second.storage.close();

    const third = await openStorage();
    expect([...third.state.docs.values()]).toEqual([{ _id: 'a' }, { _id: 'b' }]);
  });

  it('drops a torn last batch wholly', async () => {
    const first = await openStorage();
    await first.commit([put({ _id: 'kept' })]);
    const sizeBefore = (await stat(await lastLog())).size;
    await first.commit([put({ _id: 'torn-1' }), put({ _id: 'torn-2', pad: 'x'.repeat(200) })]);
    await first.storage.close();
    const sizeAfter = (await stat(await lastLog())).size;
    await truncate(await lastLog(), sizeBefore + Math.floor((sizeAfter - sizeBefore) / 2));

    const second = await openStorage();
    expect([...second.state.docs.values()]).toEqual([{ _id: 'kept' }]);
    await second.commit([put({ _id: 'next' })]);
    await second.storage.close();
    const third = await openStorage();
    expect([...third.state.docs.values()]).toEqual([{ _id: 'kept' }, { _id: 'next' }]);
  });

  it('drops a whole write group whose first record was torn while later ones reached the disk', async () => {
    const first = await openStorage();
    await first.commit([put({ _id: 'synced' })]);
    const groupStart = (await stat(await lastLog())).size;
    await Promise.all(['g1', 'g2', 'g3'].map((id) => first.commit([put({ _id: id })])));
    expect(first.storage.stats.flushes).toBe(2);
    await first.storage.close();
    await damage(await lastLog(), groupStart + 30);

    const second = await openStorage();
    expect([...second.state.docs.values()]).toEqual([{ _id: 'synced' }]);
  });

  it('refuses to start when a record in the middle of the log is damaged', async () => {
    const first = await openStorage();
    await first.commit([put({ _id: 'one' })]);
    await first.commit([put({ _id: 'two' })]);
    await first.commit([put({ _id: 'three' })]);
    await first.storage.close();
    const log = await lastLog();
    await damage(log, 30);
    const bytes = await readFile(log);

    const storage = new WalMongoStorage(dir);
    const state = new MapState();
    await expect(storage.open(state.apply, state.dump)).rejects.toThrow(
      /damaged at offset 0 .*refusing to start/,
    );
    expect(await readFile(log)).toEqual(bytes);
    await expect(storage.commit([put({ _id: 'x' })])).rejects.toThrow(/closed/);
  });

  it('refuses to start when the snapshot is damaged', async () => {
    const { storage, commit } = await openStorage({ snapshotAfterBytes: 1024 });
    for (let i = 0; i < 30; i++) await commit([put({ _id: i, pad: 'x'.repeat(100) })]);
    await until(() => storage.stats.snapshots >= 1);
    await storage.close();
    const snapshot = (await readdir(dir)).find((name) => name.startsWith('snapshot-'))!;
    await damage(join(dir, snapshot), 100);

    const state = new MapState();
    await expect(new WalMongoStorage(dir).open(state.apply, state.dump)).rejects.toThrow(
      /snapshot .* is damaged/,
    );
    expect(state.docs.size).toBe(0);
  });

  it('rejects commits after close, and before open', async () => {
    const { storage, commit } = await openStorage();
    await commit([put({ _id: 1 })]);
    await storage.close();
    await expect(commit([put({ _id: 2 })])).rejects.toThrow(/closed/);
    await expect(new WalMongoStorage(dir).commit([])).rejects.toThrow(/not open/);
  });

  it('rejects a batch it cannot encode with a clear error and keeps working', async () => {
    const { storage, commit } = await openStorage();
    const huge = put({ _id: 'huge', blob: new Binary(Buffer.alloc(17 * 1024 * 1024)) });
    await expect(storage.commit([huge])).rejects.toThrow(/cannot log batch/);
    await commit([put({ _id: 'fine' })]);
    await storage.close();
    const reopened = await openStorage();
    expect([...reopened.state.docs.values()]).toEqual([{ _id: 'fine' }]);
  });

  it('refuses a second opening of the same data directory', async () => {
    await openStorage();
    const state = new MapState();
    await expect(new WalMongoStorage(dir).open(state.apply, state.dump)).rejects.toThrow(/already open/);
  });

  it('acknowledges an empty batch', async () => {
    const { storage } = await openStorage();
    await expect(storage.commit([])).resolves.toBeUndefined();
  });
});

async function damage(path: string, offset: number): Promise<void> {
  const bytes = await readFile(path);
  bytes[offset] ^= 0xff;
  await writeFile(path, bytes);
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
