import { MongoServerError, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

const codeOf = async (p: Promise<unknown>): Promise<number | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof MongoServerError ? e.code : -1) as number,
  );

describe('embedded MongoDB: the shape of stored documents', () => {
  const mongo = mongoForDriverTests('shape');
  const fresh = mongo.fresh;

  describe('a pipeline update that replaces the root', () => {
    it.each([
      ['$replaceRoot', { $replaceRoot: { newRoot: { name: '$name', moved: true } } }],
      ['$replaceWith', { $replaceWith: { name: '$name', moved: true } }],
    ])('%s replaces the matched document and keeps its _id, first', async (_stage, stage) => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, name: 'a', extra: 1 },
        { _id: 2, name: 'b', extra: 2 },
      ] as Document[]);
      const result = await c.updateOne({ _id: 1 } as Document, [stage]);
      expect([result.matchedCount, result.modifiedCount]).toEqual([1, 1]);
      const docs = await c.find({}).toArray();
      expect(docs).toEqual([
        { _id: 1, name: 'a', moved: true },
        { _id: 2, name: 'b', extra: 2 },
      ]);
      expect(Object.keys(docs[0])).toEqual(['_id', 'name', 'moved']);
    });

    it('refuses a new root that changes _id (66 ImmutableField)', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, name: 'a' } as Document);
      const code = await codeOf(c.updateOne({ _id: 1 } as Document, [{ $replaceWith: { _id: 2, x: 1 } }]));
      expect(code).toBe(66);
      expect(await c.find({}).toArray()).toEqual([{ _id: 1, name: 'a' }]);
    });

    it('refuses stages an update pipeline may not hold (72 InvalidOptions)', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1 } as Document);
      expect(await codeOf(c.updateOne({ _id: 1 } as Document, [{ $match: { _id: 1 } }]))).toBe(72);
    });
  });

  describe('_id is the first field', () => {
    it('on insert, whatever order the client sent; other fields keep theirs', async () => {
      const c = fresh();
      await c.insertOne({ z: 1, a: 2, _id: 'x', m: 3 } as Document);
      expect(Object.keys((await c.findOne({ _id: 'x' } as Document))!)).toEqual(['_id', 'z', 'a', 'm']);
    });

    it('on replace, upsert and pipeline update', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, a: 1 } as Document);
      await c.replaceOne({ _id: 1 } as Document, { b: 1, _id: 1 } as Document);
      expect(Object.keys((await c.findOne({ _id: 1 } as Document))!)).toEqual(['_id', 'b']);
      await c.updateOne({ k: 'up' }, { $set: { v: 1 } }, { upsert: true });
      expect(Object.keys((await c.findOne({ k: 'up' }))!)).toEqual(['_id', 'k', 'v']);
      await c.replaceOne({ q: 1 }, { r: 1, _id: 'r' } as Document, { upsert: true });
      expect(Object.keys((await c.findOne({ _id: 'r' } as Document))!)).toEqual(['_id', 'r']);
      await c.updateOne({ _id: 1 } as Document, [{ $project: { b: 1, c: 'new' } }]);
      expect(Object.keys((await c.findOne({ _id: 1 } as Document))!)).toEqual(['_id', 'b', 'c']);
    });
  });

  it('$project outputs _id first, as MongoDB does', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1, b: 2 } as Document);
    const [doc] = await c.aggregate([{ $project: { b: 1, sum: { $add: ['$a', '$b'] } } }]).toArray();
    expect(Object.keys(doc)).toEqual(['_id', 'b', 'sum']);
  });

  describe('$-prefixed field names', () => {
    it('are stored on insert, but not inside _id (52 DollarPrefixedFieldName)', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, $price: 5, nested: { $inc: true } } as Document);
      expect(await c.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, $price: 5, nested: { $inc: true } });
      expect(await codeOf(c.insertOne({ _id: { $bad: 1 } } as Document))).toBe(52);
      expect(await c.countDocuments()).toBe(1);
    });

    it('are refused by an operator update of an existing document, accepted by an upsert', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, date: 'd1' } as Document);
      expect(await codeOf(c.updateOne({ date: 'd1' }, { $set: { $hotel: 320 } }))).toBe(52);
      await c.updateOne({ date: 'd2' }, { $set: { $hotel: 320 } }, { upsert: true });
      expect(await c.findOne({ date: 'd2' }, { projection: { _id: 0 } })).toEqual({
        date: 'd2',
        $hotel: 320,
      });
    });
  });
});
