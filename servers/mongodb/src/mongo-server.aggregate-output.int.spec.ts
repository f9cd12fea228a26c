import { MongoServerError, type Collection, type Db, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

const failure = async (p: Promise<unknown>): Promise<MongoServerError> => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(e)}`);
  return e;
};

describe('embedded MongoDB: $out and $merge', () => {
  const mongo = mongoForDriverTests('out');
  let db: Db;
  let seq = 0;

  const source = async (): Promise<Collection<Document>> => {
    const c = db.collection(`src${++seq}`);
    await c.insertMany([
      { _id: 1, acc: 'a', amount: 10 },
      { _id: 2, acc: 'b', amount: 20 },
      { _id: 3, acc: 'a', amount: 5 },
    ] as Document[]);
    return c;
  };
  const totals = [{ $group: { _id: '$acc', total: { $sum: '$amount' } } }, { $sort: { _id: 1 } }];

  beforeAll(async () => {
    db = mongo.client.db('out');
  });

  describe('$out', () => {
    it('writes the results into a new collection and answers an empty cursor', async () => {
      const c = await source();
      const target = `totals${seq}`;
      expect(await c.aggregate([...totals, { $out: target }]).toArray()).toEqual([]);
      expect(await db.collection(target).find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', total: 15 },
        { _id: 'b', total: 20 },
      ]);
    });

    it('replaces an existing collection, keeping its indexes, in another database too', async () => {
      const c = await source();
      const other = mongo.client.db('out-other').collection(`t${seq}`);
      await other.insertOne({ _id: 'old' } as Document);
      await other.createIndex({ total: 1 });
      await c.aggregate([...totals, { $out: { db: 'out-other', coll: `t${seq}` } }]).toArray();
      expect((await other.find({}).toArray()).map((d) => d._id)).toEqual(['a', 'b']);
      expect((await other.indexes()).map((i) => i.name)).toEqual(['_id_', 'total_1']);
    });

    it('fails with 11000 on a duplicate key and leaves the target as it was', async () => {
      const c = await source();
      const target = db.collection(`dup${seq}`);
      await target.insertOne({ _id: 'kept' } as Document);
      const error = await failure(
        c.aggregate([{ $project: { _id: '$acc' } }, { $out: `dup${seq}` }]).toArray(),
      );
      expect(error.code).toBe(11000);
      expect(await target.find({}).toArray()).toEqual([{ _id: 'kept' }]);
    });

    it('must be the last stage (40601)', async () => {
      const c = await source();
      expect((await failure(c.aggregate([{ $out: 'x' }, { $match: {} }]).toArray())).code).toBe(40601);
    });
  });

  describe('$merge', () => {
    it('inserts into a new collection and merges fields into matched documents by default', async () => {
      const c = await source();
      const target = db.collection(`m${seq}`);
      await target.insertOne({ _id: 'a', total: 0, owner: 'ann' } as Document);
      await c.aggregate([...totals, { $merge: { into: `m${seq}` } }]).toArray();
      expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', total: 15, owner: 'ann' },
        { _id: 'b', total: 20 },
      ]);
    });

    it('replace, keepExisting and discard', async () => {
      const c = await source();
      const target = db.collection(`r${seq}`);
      await target.insertOne({ _id: 'a', total: 0, owner: 'ann' } as Document);
      await c
        .aggregate([
          ...totals,
          { $merge: { into: `r${seq}`, whenMatched: 'replace', whenNotMatched: 'discard' } },
        ])
        .toArray();
      expect(await target.find({}).toArray()).toEqual([{ _id: 'a', total: 15 }]);
      await c
        .aggregate([
          { $group: { _id: '$acc', total: { $max: 1 } } },
          { $merge: { into: `r${seq}`, whenMatched: 'keepExisting' } },
        ])
        .toArray();
      expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', total: 15 },
        { _id: 'b', total: 1 },
      ]);
    });

    it('updates matched documents with a pipeline over $$new and let variables', async () => {
      const c = await source();
      const target = db.collection(`p${seq}`);
      await target.insertMany([
        { _id: 'a', total: 100 },
        { _id: 'b', total: 200 },
      ] as Document[]);
      await c
        .aggregate([
          ...totals,
          {
            $merge: {
              into: `p${seq}`,
              let: { incoming: '$total', factor: 2 },
              whenMatched: [
                {
                  $set: {
                    total: { $add: ['$total', { $multiply: ['$$incoming', '$$factor'] }] },
                    last: '$$new.total',
                  },
                },
              ],
            },
          },
        ])
        .toArray();
      expect(await target.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'a', total: 130, last: 15 },
        { _id: 'b', total: 240, last: 20 },
      ]);
    });

    it('matches on other fields only with a unique index on them (51183)', async () => {
      const c = await source();
      const target = db.collection(`on${seq}`);
      await target.insertOne({ _id: 99, account: 'a', total: 0 } as Document);
      const pipeline = [
        { $group: { _id: null, account: { $first: 'a' }, total: { $sum: '$amount' } } },
        { $project: { _id: 0 } },
      ];
      const merge = { $merge: { into: `on${seq}`, on: 'account', whenMatched: 'merge' } };
      expect((await failure(c.aggregate([...pipeline, merge]).toArray())).code).toBe(51183);
      await target.createIndex({ account: 1 }, { unique: true });
      await c.aggregate([...pipeline, merge]).toArray();
      expect(await target.find({}).toArray()).toEqual([{ _id: 99, account: 'a', total: 35 }]);
    });

    it('whenMatched fail is a duplicate key (11000); whenNotMatched fail is 13113', async () => {
      const c = await source();
      const target = db.collection(`f${seq}`);
      await target.insertOne({ _id: 'a' } as Document);
      const matched = await failure(
        c.aggregate([...totals, { $merge: { into: `f${seq}`, whenMatched: 'fail' } }]).toArray(),
      );
      expect(matched.code).toBe(11000);
      const unmatched = await failure(
        c
          .aggregate([
            ...totals,
            { $merge: { into: `f${seq}`, whenMatched: 'keepExisting', whenNotMatched: 'fail' } },
          ])
          .toArray(),
      );
      expect(unmatched.code).toBe(13113);
    });
  });
});
