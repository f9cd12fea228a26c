import { Decimal128, Int32, Long, MongoServerError, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

/** Reads that keep every BSON number type visible. */
const TYPED = { promoteValues: false, promoteLongs: false } as const;

const failure = async (p: Promise<unknown>): Promise<MongoServerError> => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(e)}`);
  return e;
};

describe('embedded MongoDB: update operators and numbers as MongoDB 7.0 has them', () => {
  const mongo = mongoForDriverTests('ops');
  const fresh = mongo.fresh;

  describe('$push with modifiers', () => {
    const pushed = async (start: Document, push: Document): Promise<unknown> => {
      const c = fresh();
      await c.insertOne({ _id: 1, ...start } as Document);
      await c.updateOne({ _id: 1 } as Document, { $push: push });
      return (await c.findOne({ _id: 1 } as Document))!.a;
    };

    it('$each with a negative $slice keeps the last elements, on an existing and a missing array', async () => {
      expect(await pushed({ a: [1, 2, 3] }, { a: { $each: [4, 5], $slice: -3 } })).toEqual([3, 4, 5]);
      expect(await pushed({}, { a: { $each: [4, 5, 6], $slice: -1 } })).toEqual([6]);
    });

    it('$each with a positive $slice keeps the first elements; $slice 0 empties the array', async () => {
      expect(await pushed({ a: [1, 2, 3] }, { a: { $each: [4], $slice: 2 } })).toEqual([1, 2]);
      expect(await pushed({}, { a: { $each: [7, 8, 9], $slice: 2 } })).toEqual([7, 8]);
      expect(await pushed({ a: [1, 2] }, { a: { $each: [], $slice: 0 } })).toEqual([]);
    });

    it('$position inserts at an index, counting from the end when negative', async () => {
      expect(await pushed({ a: [1, 2, 3] }, { a: { $each: [9], $position: 0 } })).toEqual([9, 1, 2, 3]);
      expect(await pushed({ a: [1, 2, 3] }, { a: { $each: [9, 8], $position: -1 } })).toEqual([
        1, 2, 9, 8, 3,
      ]);
    });

    it('$sort sorts the whole array before $slice, also for a missing array and by a field', async () => {
      expect(await pushed({}, { a: { $each: [3, 1, 2], $sort: 1 } })).toEqual([1, 2, 3]);
      expect(await pushed({ a: [5, 1] }, { a: { $each: [3], $sort: -1, $slice: 2 } })).toEqual([5, 3]);
      expect(
        await pushed({ a: [{ s: 3 }, { s: 1 }] }, { a: { $each: [{ s: 2 }], $sort: { s: -1 }, $slice: 2 } }),
      ).toEqual([{ s: 3 }, { s: 2 }]);
    });

    it('refuses $each that is not an array and a push onto a non-array (code 2)', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, a: [1], n: 5 } as Document);
      expect(
        (await failure(c.updateOne({ _id: 1 } as Document, { $push: { a: { $each: 3 } } } as Document))).code,
      ).toBe(2);
      expect((await failure(c.updateOne({ _id: 1 } as Document, { $push: { n: 1 } } as Document))).code).toBe(
        2,
      );
    });
  });

  describe('integer overflow', () => {
    const MAX = Long.fromString('9223372036854775807');

    it('$inc and $mul past the Int64 range fail (code 2) and leave the document as it was', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, n: MAX, m: Long.fromString('4611686018427387904') } as Document);
      const inc = await failure(c.updateOne({ _id: 1 } as Document, { $inc: { n: 1 } }));
      expect(inc.code).toBe(2);
      expect(inc.message).toContain('Failed to apply $inc operations to current value');
      expect((await failure(c.updateOne({ _id: 1 } as Document, { $mul: { m: 2 } }))).code).toBe(2);
      const doc = (await c.findOne({ _id: 1 } as Document, TYPED))!;
      expect(doc.n).toEqual(MAX);
      expect(doc.m).toEqual(Long.fromString('4611686018427387904'));
    });

    it('an Int32 that overflows becomes a Long', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, n: 2147483647 } as Document);
      await c.updateOne({ _id: 1 } as Document, { $inc: { n: 1 } });
      expect((await c.findOne({ _id: 1 } as Document, TYPED))!.n).toEqual(Long.fromNumber(2147483648));
    });
  });

  describe('computed expressions over Longs', () => {
    it('keep the Long type in $project, $addFields and $group', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, g: 'x', qty: Long.fromNumber(3), price: Long.fromNumber(5_000_000_000) },
        { _id: 2, g: 'x', qty: Long.fromNumber(2), price: Long.fromNumber(7) },
      ] as Document[]);
      const projected = await c
        .aggregate([{ $project: { total: { $multiply: ['$qty', '$price'] } } }, { $sort: { _id: 1 } }], TYPED)
        .toArray();
      expect(projected.map((d) => d.total)).toEqual([Long.fromNumber(15_000_000_000), Long.fromNumber(14)]);
      const added = await c
        .aggregate([{ $addFields: { next: { $add: ['$qty', 1] } } }, { $sort: { _id: 1 } }], TYPED)
        .toArray();
      expect(added.map((d) => d.next)).toEqual([Long.fromNumber(4), Long.fromNumber(3)]);
      const grouped = await c
        .aggregate([{ $group: { _id: '$g', sum: { $sum: { $multiply: ['$qty', '$price'] } } } }], TYPED)
        .toArray();
      expect(grouped).toEqual([{ _id: 'x', sum: Long.fromNumber(15_000_000_014) }]);
    });

    it('stay exact past 2^53 and for decimals no double holds; comparisons order them exactly', async () => {
      const c = fresh();
      await c.insertOne({
        _id: 1,
        big: Long.fromString('1152921504606846976'),
        d: Decimal128.fromString('9.99'),
      } as Document);
      const [doc] = await c
        .aggregate(
          [
            {
              $project: {
                next: { $add: ['$big', 1] },
                twice: { $multiply: ['$d', 2] },
                above: { $gt: ['$d', 9.98] },
                missingIsNull: { $eq: ['$missing', null] },
              },
            },
          ],
          TYPED,
        )
        .toArray();
      expect(doc.next).toEqual(Long.fromString('1152921504606846977'));
      expect(doc.twice).toEqual(Decimal128.fromString('19.98'));
      expect(doc.above).toBe(true);
      expect(doc.missingIsNull).toBe(false);
    });

    it('keep Int32 for ints that fit', async () => {
      const c = fresh();
      await c.insertOne({ _id: 1, a: 2, b: 3 } as Document);
      const [doc] = await c.aggregate([{ $project: { p: { $multiply: ['$a', '$b'] } } }], TYPED).toArray();
      expect(doc.p).toEqual(new Int32(6));
    });
  });

  describe('Decimal128 at full precision', () => {
    const dec = (s: string) => Decimal128.fromString(s);

    it('a double is not the decimal of the same digits, and trailing zeros do not matter', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, v: dec('9.99') },
        { _id: 2, v: 9.99 },
        { _id: 3, v: dec('0.5') },
      ] as Document[]);
      expect((await c.find({ v: 9.99 }).toArray()).map((d) => d._id)).toEqual([2]);
      expect((await c.find({ v: dec('9.990') }).toArray()).map((d) => d._id)).toEqual([1]);
      expect((await c.find({ v: 0.5 }).toArray()).map((d) => d._id)).toEqual([3]);
    });

    it('compares, sorts and indexes decimals that differ only in the 34th digit', async () => {
      const c = fresh();
      await c.createIndex({ v: 1 }, { unique: true });
      const low = dec('1.000000000000000000000000000000001');
      const high = dec('1.000000000000000000000000000000002');
      await c.insertMany([
        { _id: 'high', v: high },
        { _id: 'low', v: low },
        { _id: 'one', v: 1 },
      ] as Document[]);
      expect((await c.find({ v: { $gt: low } }).toArray()).map((d) => d._id)).toEqual(['high']);
      expect((await c.find({ v: low }).toArray()).map((d) => d._id)).toEqual(['low']);
      expect((await c.find({}).sort({ v: 1 }).toArray()).map((d) => d._id)).toEqual(['one', 'low', 'high']);
    });
  });

  describe('sort on update and replace', () => {
    it('is refused as MongoDB 7.0 refuses it, an unknown field (40415), and nothing changes', async () => {
      const c = fresh();
      await c.insertMany([
        { _id: 1, a: 1 },
        { _id: 2, a: 2 },
      ] as Document[]);
      const update = await failure(c.updateOne({}, { $set: { b: 1 } }, { sort: { a: -1 } }));
      expect(update.code).toBe(40415);
      expect(update.message).toBe("BSON field 'update.updates.sort' is an unknown field.");
      const replace = await failure(c.replaceOne({}, { b: 1 }, { sort: { a: -1 } }));
      expect(replace.code).toBe(40415);
      expect(await c.find({}).toArray()).toEqual([
        { _id: 1, a: 1 },
        { _id: 2, a: 2 },
      ]);
    });
  });
});
