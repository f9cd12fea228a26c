import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Long, MongoClient, type MongoServerError, type Document } from 'mongodb';
import { startMongoServer } from './index.js';

describe('embedded MongoDB with a data directory', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'embedded-mongodb-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps documents, types, collections and indexes across a restart', async () => {
    const first = await startMongoServer({ port: 0, dataDir });
    const c1 = await new MongoClient(first.uri).connect();
    const coll = c1.db('ledger').collection('accounts');
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertMany([
      { _id: 1, email: 'a@x', pos: Long.fromString('9007199254740993') },
      { _id: 2, email: 'b@x', n: 1.5, sub: { k: 'a' } },
    ] as Document[]);
    await coll.updateOne({ _id: 2 } as Document, { $inc: { n: 1 } });
    await coll.updateOne({ _id: 2 } as Document, [{ $set: { 'sub.k': 'v' } }]);
    await coll.deleteOne({ _id: 1 } as Document);
    await c1.db('ledger').createCollection('empty');
    await c1.close();
    await first.stop();

    const second = await startMongoServer({ port: 0, dataDir });
    const c2 = await new MongoClient(second.uri).connect();
    try {
      const again = c2.db('ledger').collection('accounts');
      expect(await again.find({}).toArray()).toEqual([{ _id: 2, email: 'b@x', n: 2.5, sub: { k: 'v' } }]);
      expect((await again.indexes()).map((i) => i.name)).toEqual(['_id_', 'email_1']);
      // The rebuilt index answers lookups, not just the uniqueness check.
      const plan = (await again.find({ email: 'b@x' }).explain('executionStats')) as Document;
      expect(plan.queryPlanner.winningPlan.inputStage).toEqual({ stage: 'IXSCAN', indexName: 'email_1' });
      expect(plan.executionStats).toMatchObject({ totalDocsExamined: 1, nReturned: 1 });
      const dup = (await again.insertOne({ email: 'b@x' }).catch((e: unknown) => e)) as MongoServerError;
      expect(dup.code).toBe(11000);
      await again.insertOne({ _id: 3, pos: Long.fromString('9007199254740993') } as Document);
      expect((await c2.db('ledger').listCollections().toArray()).map((x) => x.name).sort()).toEqual([
        'accounts',
        'empty',
      ]);
    } finally {
      await c2.close();
      await second.stop();
    }
    const third = await startMongoServer({ port: 0, dataDir });
    const c3 = await new MongoClient(third.uri).connect();
    try {
      const doc = await c3
        .db('ledger')
        .collection('accounts')
        .findOne({ _id: 3 } as Document, { promoteLongs: false });
      expect(doc!.pos).toEqual(Long.fromString('9007199254740993'));
    } finally {
      await c3.close();
      await third.stop();
    }
  });
});
