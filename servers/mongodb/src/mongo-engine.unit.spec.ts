import { Long, type Document } from 'bson';
import { MongoEngine } from './mongo-engine.js';
import type { Change, MongoStorage } from './storage/mongo-storage.js';

/** Storage that replays given changes on open and records every committed batch. */
class RecordingStorage implements MongoStorage {
  readonly committed: Change[][] = [];
  dump: () => Iterable<Change> = () => [];

  constructor(private readonly recovered: readonly Change[] = []) {}

  async open(apply: (change: Change) => void, dump: () => Iterable<Change>): Promise<void> {
    this.recovered.forEach(apply);
    this.dump = dump;
  }

  async commit(changes: readonly Change[]): Promise<void> {
    this.committed.push([...changes]);
  }

  async close(): Promise<void> {}
}

async function state(engine: MongoEngine): Promise<Document> {
  const run = (body: Document) => engine.command({ ...body, $db: 'app' });
  const colls = (await run({ listCollections: 1 })).cursor.firstBatch as Document[];
  const out: Document = {};
  for (const c of colls.sort((a, b) => String(a.name).localeCompare(String(b.name)))) {
    out[c.name] = {
      options: c.options,
      indexes: (await run({ listIndexes: c.name })).cursor.firstBatch,
      docs: (await run({ find: c.name, filter: {}, batchSize: 1000 })).cursor.firstBatch,
    };
  }
  return out;
}

describe('MongoEngine and its storage contract', () => {
  const run = (engine: MongoEngine, body: Document) => engine.command({ ...body, $db: 'app' });

  async function populate(engine: MongoEngine): Promise<void> {
    await run(engine, { create: 'capped', capped: true, size: 4096 });
    await run(engine, {
      createIndexes: 'accounts',
      indexes: [{ key: { email: 1 }, name: 'email_1', unique: true }],
    });
    await run(engine, {
      insert: 'accounts',
      documents: [
        { _id: 1, email: 'a@x', pos: Long.fromString('9007199254740993') },
        { _id: 2, email: 'b@x', n: 1 },
        { _id: 3, email: 'c@x' },
      ],
    });
    await run(engine, { update: 'accounts', updates: [{ q: { _id: 2 }, u: { $inc: { n: 1 } } }] });
    await run(engine, { delete: 'accounts', deletes: [{ q: { _id: 3 }, limit: 1 }] });
    await run(engine, { insert: 'gone', documents: [{ x: 1 }] });
    await run(engine, { drop: 'gone' });
  }

  it('commits post-images that replay to the same state, and dump() reproduces it too', async () => {
    const storage = new RecordingStorage();
    const engine = await MongoEngine.open(storage);
    await populate(engine);
    const expected = await state(engine);
    expect(Object.keys(expected)).toEqual(['accounts', 'capped']);

    const replayed = await MongoEngine.open(new RecordingStorage(storage.committed.flat()));
    expect(await state(replayed)).toEqual(expected);
    const fromDump = await MongoEngine.open(new RecordingStorage([...storage.dump()]));
    expect(await state(fromDump)).toEqual(expected);
    const dup = await run(fromDump, { insert: 'accounts', documents: [{ email: 'a@x' }] });
    expect(dup.writeErrors[0].code).toBe(11000);
  });

  it('commits nothing for reads or for writes that fail before changing anything', async () => {
    const storage = new RecordingStorage();
    const engine = await MongoEngine.open(storage);
    await run(engine, { insert: 'c', documents: [{ _id: 1 }] });
    const before = storage.committed.length;
    await run(engine, { find: 'c', filter: {} });
    await run(engine, { insert: 'c', documents: [{ _id: 1 }] });
    await run(engine, { update: 'c', updates: [{ q: { _id: 1 }, u: { $bogus: { a: 1 } } }] });
    expect(storage.committed.length).toBe(before);
  });

  it('rejects invalid database and collection names', async () => {
    const engine = await MongoEngine.open(new RecordingStorage());
    const bad = await engine.command({ insert: 'c', documents: [{}], $db: 'a/b' });
    expect(bad).toMatchObject({ ok: 0, code: 73 });
    expect(await run(engine, { insert: 'a$b', documents: [{}] })).toMatchObject({ ok: 0, code: 73 });
  });
});
