import { type MongoServerError, type Collection, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: indexes and the catalog through the official driver', () => {
  const mongo = mongoForDriverTests('idx');
  const fresh = mongo.fresh;
  const winningStage = async (c: Collection<Document>, filter: Document) => {
    const plan = (await c.find(filter).explain('executionStats')) as Document;
    const stage = plan.queryPlanner.winningPlan;
    return {
      stage: stage.inputStage?.stage ?? stage.stage,
      index: stage.inputStage?.indexName,
      examined: plan.executionStats.totalDocsExamined,
      returned: plan.executionStats.nReturned,
    };
  };

  it('creates, lists and drops single and compound indexes', async () => {
    const c = fresh();
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    expect(await c.createIndex({ b: 1, c: -1 }, { unique: true, name: 'bc' })).toBe('bc');
    expect(await c.createIndex({ a: 1 })).toBe('a_1');
    const listed = await c.listIndexes().toArray();
    expect(listed.map((i) => [i.name, i.key, i.unique ?? false])).toEqual([
      ['_id_', { _id: 1 }, false],
      ['a_1', { a: 1 }, false],
      ['bc', { b: 1, c: -1 }, true],
    ]);
    await c.dropIndex('a_1');
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_', 'bc']);
    await c.dropIndexes();
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_']);
    const missing = await mongo.client
      .db('idx')
      .collection('nope')
      .listIndexes()
      .toArray()
      .catch((e: MongoServerError) => e.code);
    expect(missing).toBe(26);
  });

  it('answers equality and ranges on an indexed field without a full scan', async () => {
    const c = fresh();
    await c.insertMany(
      Array.from({ length: 1000 }, (_, i) => ({
        _id: i,
        email: `u${i}@x`,
        score: i,
        tag: i % 10,
      })) as Document[],
    );
    expect(await winningStage(c, { email: 'u500@x' })).toMatchObject({ stage: 'COLLSCAN', examined: 1000 });
    await c.createIndex({ email: 1 }, { unique: true });
    await c.createIndex({ score: 1, tag: 1 });
    expect(await winningStage(c, { email: 'u500@x' })).toEqual({
      stage: 'IXSCAN',
      index: 'email_1',
      examined: 1,
      returned: 1,
    });
    expect(await winningStage(c, { score: { $gte: 10, $lt: 20 }, tag: 3 })).toEqual({
      stage: 'IXSCAN',
      index: 'score_1_tag_1',
      examined: 10,
      returned: 1,
    });
    expect(await winningStage(c, { _id: 42 })).toMatchObject({ stage: 'IDHACK', examined: 1, returned: 1 });
    const before = mongo.server.stats.indexScans;
    expect(await c.findOne({ email: 'u7@x' })).toMatchObject({ _id: 7 });
    expect(mongo.server.stats.indexScans).toBe(before + 1);
    expect(mongo.server.stats.lastPlan).toMatchObject({ stage: 'IXSCAN', docsExamined: 1 });
    const scored = await c.find({ score: { $gt: 995 } }).toArray();
    expect(scored.map((d) => d._id)).toEqual([996, 997, 998, 999]);

    // A sort on an indexed field walks the index and stops at the limit instead of sorting everything.
    const top = c.find({ tag: 4 }).sort({ score: -1 }).limit(3);
    expect((await top.toArray()).map((d) => d._id)).toEqual([994, 984, 974]);
    const sortPlan = (await c
      .find({ tag: 4 })
      .sort({ score: -1 })
      .limit(3)
      .explain('executionStats')) as Document;
    expect(sortPlan.queryPlanner.winningPlan.inputStage).toEqual({
      stage: 'IXSCAN',
      indexName: 'score_1_tag_1',
    });
    expect(sortPlan.executionStats.totalDocsExamined).toBe(26);
    const page = await c
      .find({}, { sort: { score: 1 }, skip: 10, limit: 2, projection: { _id: 1 } })
      .toArray();
    expect(page).toEqual([{ _id: 10 }, { _id: 11 }]);
  });

  it('keeps indexes in step with updates and deletes', async () => {
    const c = fresh();
    await c.createIndex({ k: 1 });
    await c.insertMany([
      { _id: 1, k: 'a' },
      { _id: 2, k: 'b' },
    ] as Document[]);
    await c.updateOne({ _id: 1 } as Document, { $set: { k: 'c' } });
    await c.deleteOne({ _id: 2 } as Document);
    expect(await c.find({ k: 'a' }).toArray()).toEqual([]);
    expect(await c.find({ k: 'b' }).toArray()).toEqual([]);
    expect(await c.find({ k: 'c' }).toArray()).toEqual([{ _id: 1, k: 'c' }]);
    expect(await c.find({ k: { $in: ['a', 'c'] } }).toArray()).toEqual([{ _id: 1, k: 'c' }]);
  });

  it('a unique index rejects duplicates, including a compound key and missing fields as null', async () => {
    const c = fresh();
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await c.insertOne({ a: 1, b: 1 });
    await c.insertOne({ a: 1, b: 2 });
    const dup = (await c.insertOne({ a: 1, b: 2 }).catch((e: unknown) => e)) as MongoServerError;
    expect(dup.code).toBe(11000);
    expect(dup.keyValue).toEqual({ a: 1, b: 2 });
    await c.insertOne({ z: 1 });
    const nulls = (await c.insertOne({ z: 2 }).catch((e: unknown) => e)) as MongoServerError;
    expect(nulls.keyValue).toEqual({ a: null, b: null });
  });

  it('building a unique index over duplicates fails with 11000 and creates nothing', async () => {
    const c = fresh();
    await c.insertMany([{ e: 'x' }, { e: 'x' }]);
    const err = (await c
      .createIndex({ e: 1 }, { unique: true })
      .catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(11000);
    expect((await c.indexes()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('creates, lists and drops collections and databases', async () => {
    const db = mongo.client.db('catalog');
    await db.createCollection('one');
    await db.createCollection('one');
    const clash = await db
      .createCollection('one', { capped: true, size: 1024 })
      .catch((e: MongoServerError) => e.code);
    expect(clash).toBe(48);
    await db.collection('two').insertOne({ x: 1 });
    expect((await db.listCollections().toArray()).map((c) => c.name).sort()).toEqual(['one', 'two']);
    expect(await db.listCollections({ name: 'two' }, { nameOnly: true }).toArray()).toEqual([
      { name: 'two', type: 'collection' },
    ]);
    const dbs = await mongo.client.db('admin').admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain('catalog');
    expect(await db.collection('two').drop()).toBe(true);
    expect((await db.listCollections().toArray()).map((c) => c.name)).toEqual(['one']);
    expect(await db.dropDatabase()).toBe(true);
    expect(
      (await mongo.client.db('admin').admin().listDatabases()).databases.map((d) => d.name),
    ).not.toContain('catalog');
  });

  it('answers ping, buildInfo and getParameter, and unknown commands with 59', async () => {
    const admin = mongo.client.db('admin');
    expect(await admin.command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect((await admin.command({ buildInfo: 1 })).version).toMatch(/^7\./);
    expect(await admin.command({ getParameter: 1, featureCompatibilityVersion: 1 })).toMatchObject({ ok: 1 });
    const unknown = (await admin.command({ frobnicate: 1 }).catch((e: unknown) => e)) as MongoServerError;
    expect([unknown.code, unknown.codeName]).toEqual([59, 'CommandNotFound']);
  });
});
