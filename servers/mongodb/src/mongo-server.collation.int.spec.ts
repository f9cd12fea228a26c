import { MongoServerError, type CollationOptions, type Collection, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

const CASE_INSENSITIVE = { locale: 'en', strength: 2 };

describe('embedded MongoDB: collation', () => {
  const mongo = mongoForDriverTests('collation');

  const names = async (): Promise<Collection<Document>> => {
    const c = mongo.fresh();
    await c.insertMany([
      { _id: 1, name: 'alice' },
      { _id: 2, name: 'Alice' },
      { _id: 3, name: 'ALICE' },
      { _id: 4, name: 'Alicé' },
      { _id: 5, name: 'bob' },
      { _id: 6, name: 'Bob' },
    ] as Document[]);
    return c;
  };
  const ids = (docs: Document[]) => docs.map((d) => d._id);
  const planOf = async (c: Collection<Document>, filter: Document, collation?: CollationOptions) => {
    const explained = (await c
      .find(filter, collation ? { collation } : {})
      .explain('executionStats')) as Document;
    const plan = explained.queryPlanner.winningPlan as Document;
    return plan.inputStage?.stage === 'IXSCAN'
      ? `IXSCAN ${String(plan.inputStage.indexName)}`
      : String(plan.stage);
  };

  it('find compares strings by strength: 2 ignores case, 1 also accents, caseLevel brings case back', async () => {
    const c = await names();
    expect(ids(await c.find({ name: 'alice' }).toArray())).toEqual([1]);
    expect(ids(await c.find({ name: 'alice' }, { collation: CASE_INSENSITIVE }).toArray())).toEqual([
      1, 2, 3,
    ]);
    expect(
      ids(await c.find({ name: 'alice' }, { collation: { locale: 'en', strength: 1 } }).toArray()),
    ).toEqual([1, 2, 3, 4]);
    const caseLevel = { locale: 'en', strength: 1, caseLevel: true };
    // Accents still ignored (alicé finds alice), case no longer (Alice, ALICE, Alicé are out).
    expect(ids(await c.find({ name: 'alicé' }, { collation: caseLevel }).toArray())).toEqual([1]);
    expect(ids(await c.find({ name: { $in: ['BOB'] } }, { collation: CASE_INSENSITIVE }).toArray())).toEqual([
      5, 6,
    ]);
    expect(ids(await c.find({ name: { $ne: 'bob' } }, { collation: CASE_INSENSITIVE }).toArray())).toEqual([
      1, 2, 3, 4,
    ]);
    expect(ids(await c.find({ name: { $gt: 'azzz' } }, { collation: CASE_INSENSITIVE }).toArray())).toEqual([
      5, 6,
    ]);
  });

  it('sorts by the locale, with numericOrdering comparing digits as numbers', async () => {
    const c = mongo.fresh();
    await c.insertMany([{ v: 'b' }, { v: 'B' }, { v: 'a' }, { v: '10' }, { v: '9' }, { v: '100' }]);
    const sorted = async (collation?: { locale: string; numericOrdering: boolean }) =>
      (
        await c
          .find({}, { projection: { _id: 0 }, ...(collation ? { collation } : {}) })
          .sort({ v: 1 })
          .toArray()
      ).map((d) => d.v as string);
    expect(await sorted()).toEqual(['10', '100', '9', 'B', 'a', 'b']);
    expect(await sorted({ locale: 'en', numericOrdering: true })).toEqual(['9', '10', '100', 'a', 'b', 'B']);
  });

  it('alternate shifted ignores punctuation and spaces', async () => {
    const c = mongo.fresh();
    await c.insertMany([
      { _id: 1, code: 'a-b' },
      { _id: 2, code: 'a b' },
      { _id: 3, code: 'ab' },
    ] as Document[]);
    const found = await c
      .find({ code: 'ab' }, { collation: { locale: 'en', alternate: 'shifted' } })
      .toArray();
    expect(ids(found)).toEqual([1, 2, 3]);
  });

  it('count, distinct and aggregate take a collation', async () => {
    const c = await names();
    expect(await c.countDocuments({ name: 'bob' }, { collation: CASE_INSENSITIVE })).toBe(2);
    expect(await c.distinct('name', {}, { collation: CASE_INSENSITIVE })).toHaveLength(3);
    const agg = await c
      .aggregate([{ $match: { name: 'ALICE' } }, { $sort: { name: 1 } }], {
        collation: { locale: 'en', strength: 1 },
      })
      .toArray();
    expect(agg).toHaveLength(4);
  });

  it('update, delete and findAndModify take a collation', async () => {
    const c = await names();
    expect(
      (await c.updateMany({ name: 'BOB' }, { $set: { seen: true } }, { collation: CASE_INSENSITIVE }))
        .modifiedCount,
    ).toBe(2);
    const found = await c.findOneAndUpdate(
      { name: 'ALICE' },
      { $set: { first: true } },
      { collation: CASE_INSENSITIVE, sort: { _id: -1 }, returnDocument: 'after' },
    );
    expect(found?._id).toBe(3);
    expect((await c.deleteMany({ name: 'ALICE' }, { collation: CASE_INSENSITIVE })).deletedCount).toBe(3);
    expect(ids(await c.find({}).toArray())).toEqual([4, 5, 6]);
  });

  it('an index with a collation answers queries with that collation, and only those', async () => {
    const c = await names();
    await c.createIndex({ name: 1 }, { collation: CASE_INSENSITIVE, name: 'name_ci' });
    expect(await planOf(c, { name: 'alice' }, CASE_INSENSITIVE)).toBe('IXSCAN name_ci');
    expect(ids(await c.find({ name: 'alice' }, { collation: CASE_INSENSITIVE }).toArray()).sort()).toEqual([
      1, 2, 3,
    ]);
    expect(await planOf(c, { name: 'alice' })).toBe('COLLSCAN');
    expect(ids(await c.find({ name: 'alice' }).toArray())).toEqual([1]);
    const [, index] = await c.indexes();
    expect(index.collation).toMatchObject({ locale: 'en', strength: 2, caseLevel: false });
  });

  it('a unique index with a collation refuses values equal under it (11000)', async () => {
    const c = mongo.fresh();
    await c.createIndex({ email: 1 }, { unique: true, collation: CASE_INSENSITIVE });
    await c.insertOne({ email: 'Ann@Example.com' });
    const error = await c.insertOne({ email: 'ann@example.com' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(11000);
  });

  it("a collection's default collation applies unless the command gives one; its indexes inherit it", async () => {
    const db = mongo.client.db('collation');
    const c = await db.createCollection(mongo.fresh().collectionName, { collation: CASE_INSENSITIVE });
    await c.insertMany([
      { _id: 1, name: 'alice' },
      { _id: 2, name: 'ALICE' },
      { _id: 3, name: 'bob' },
    ] as Document[]);
    expect(ids(await c.find({ name: 'Alice' }).toArray())).toEqual([1, 2]);
    expect(ids(await c.find({ name: 'Alice' }, { collation: { locale: 'simple' } }).toArray())).toEqual([]);
    expect(await c.countDocuments({ name: 'BOB' })).toBe(1);
    await c.createIndex({ name: 1 });
    expect(await planOf(c, { name: 'alice' })).toBe('IXSCAN name_1');
    const [, index] = await c.indexes();
    expect(index.collation).toMatchObject({ locale: 'en', strength: 2 });
  });

  it('refuses an unknown locale (code 2)', async () => {
    const c = await names();
    const error = await c
      .find({}, { collation: { locale: 'xx_nonsense' } })
      .toArray()
      .catch((e: unknown) => e);
    expect((error as MongoServerError).code).toBe(2);
  });
});
