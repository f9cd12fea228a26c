import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, MongoClient, type Collection, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';
import { startMongoServer } from './index.js';

/** Reads that keep every BSON number type visible (Int32, Double, Long, Decimal128). */
const TYPED = { promoteValues: false, promoteLongs: false } as const;
const BIG = 2n ** 53n;
type Doc = Document & { _id: number | string };

describe('embedded MongoDB keeps BSON number types through the driver', () => {
  const mongo = mongoForDriverTests('types');
  const fresh = (): Collection<Doc> => mongo.fresh<Doc>();

  it('round-trips Int32, whole and fractional Doubles, Long and Decimal128 as themselves', async () => {
    const coll = fresh();
    await coll.insertOne({
      _id: 1,
      int: 2,
      whole: new Double(2),
      negZero: new Double(-0),
      frac: 2.5,
      long: Long.fromNumber(2),
      dec: Decimal128.fromString('2.00'),
      nested: [{ d: new Double(7) }, new Double(1e10)],
    });
    const doc = (await coll.findOne({ _id: 1 }, TYPED))!;
    expect(doc.int).toEqual(new Int32(2));
    expect(doc.whole).toBeInstanceOf(Double);
    expect(doc.whole.value).toBe(2);
    expect(Object.is(doc.negZero.value, -0)).toBe(true);
    expect(doc.frac).toEqual(new Double(2.5));
    expect(doc.long).toEqual(Long.fromNumber(2));
    expect(doc.dec.toString()).toBe('2.00');
    expect(doc.nested[0].d).toBeInstanceOf(Double);
    expect(doc.nested[1]).toBeInstanceOf(Double);
    // A whole Double is still found by a plain number, as in MongoDB.
    expect(await coll.countDocuments({ whole: 2 })).toBe(1);
  });

  it('keeps a Double a Double through $inc, $mul and $set, and reports a type change as a modification', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, a: 1.5, b: new Double(3), c: 1 });
    await coll.updateOne({ _id: 1 }, { $inc: { a: 0.5, b: 1 }, $mul: { c: new Double(2) } });
    const doc = (await coll.findOne({ _id: 1 }, TYPED))!;
    expect(doc.a).toBeInstanceOf(Double);
    expect(doc.a.value).toBe(2);
    expect(doc.b).toBeInstanceOf(Double);
    expect(doc.b.value).toBe(4);
    expect(doc.c).toBeInstanceOf(Double);
    expect(doc.c.value).toBe(2);
    const retyped = await coll.updateOne({ _id: 1 }, { $set: { a: new Int32(2) } });
    expect(retyped.modifiedCount).toBe(1);
    expect((await coll.findOne({ _id: 1 }, TYPED))!.a).toEqual(new Int32(2));
    const same = await coll.updateOne({ _id: 1 }, { $set: { a: 2 } });
    expect(same.modifiedCount).toBe(0);
  });

  it('keeps Long, Decimal128 and Double types in aggregation output after non-$match stages', async () => {
    const coll = fresh();
    await coll.insertMany([
      {
        _id: 1,
        g: 'x',
        long: Long.fromBigInt(BIG + 1n),
        dec: Decimal128.fromString('10.50'),
        dbl: new Double(3),
      },
      { _id: 2, g: 'y', long: Long.fromNumber(5), dec: Decimal128.fromString('0.10'), dbl: new Double(4) },
    ]);
    const sorted = await coll.aggregate([{ $sort: { _id: -1 } }, { $limit: 2 }], TYPED).toArray();
    expect(sorted.map((d) => d._id)).toEqual([new Int32(2), new Int32(1)]);
    expect(sorted[1].long).toEqual(Long.fromBigInt(BIG + 1n));
    expect(sorted[1].dec.toString()).toBe('10.50');
    expect(sorted[1].dbl).toBeInstanceOf(Double);

    const projected = await coll
      .aggregate(
        [{ $project: { long: 1, dec: 1, dbl: 1, plus: { $add: [1, 1] } } }, { $sort: { _id: 1 } }],
        TYPED,
      )
      .toArray();
    expect(projected[0].long).toEqual(Long.fromBigInt(BIG + 1n));
    expect(projected[1].long).toEqual(Long.fromNumber(5));
    expect(projected[0].dec.toString()).toBe('10.50');
    expect(projected[1].dbl).toBeInstanceOf(Double);
    expect(projected[0].plus).toEqual(new Int32(2));

    await mongo.client
      .db('types')
      .collection<Doc>('lookup')
      .insertOne({ _id: 'l', ref: 1, amount: Long.fromNumber(9) });
    const joined = await mongo.client
      .db('types')
      .collection('lookup')
      .aggregate(
        [{ $lookup: { from: coll.collectionName, localField: 'ref', foreignField: '_id', as: 'acc' } }],
        TYPED,
      )
      .toArray();
    expect(joined[0].amount).toEqual(Long.fromNumber(9));
    expect(joined[0].acc[0].long).toEqual(Long.fromBigInt(BIG + 1n));
  });

  it('compares Longs beyond 2^53 exactly in queries, ranges, sorts and indexes', async () => {
    const coll = fresh();
    const long = (n: bigint) => Long.fromBigInt(BIG + n);
    // BIG + 1n and BIG are the same JS number: only an exact comparison tells them apart.
    await coll.insertMany([
      { _id: 'a', v: long(0n) },
      { _id: 'b', v: long(1n) },
      { _id: 'c', v: long(2n) },
      { _id: 'd', v: 3 },
    ]);
    const ids = async (filter: Document, sort: Document = { _id: 1 }) =>
      (await coll.find(filter).sort(sort).toArray()).map((d) => d._id);
    expect(await ids({ v: long(1n) })).toEqual(['b']);
    expect(await ids({ v: { $gt: long(0n) } })).toEqual(['b', 'c']);
    expect(await ids({ v: { $lte: long(1n) } })).toEqual(['a', 'b', 'd']);
    expect(await ids({ v: { $in: [long(2n), 3] } })).toEqual(['c', 'd']);
    expect(await ids({ v: { $ne: long(1n) } })).toEqual(['a', 'c', 'd']);
    expect(await ids({ v: { $gt: 2 ** 53 } })).toEqual(['b', 'c']);
    // Longs of different lengths: compared as numbers, not as their digits.
    expect(await ids({ v: { $gt: Long.fromString('100000000000000001') } })).toEqual([]);
    expect(await ids({ v: { $lt: Long.fromString('100000000000000001') } })).toEqual(['a', 'b', 'c', 'd']);
    expect(await ids({}, { v: -1 })).toEqual(['c', 'b', 'a', 'd']);

    await coll.createIndex({ v: 1 });
    expect(await ids({ v: { $gte: long(1n), $lt: long(2n) } })).toEqual(['b']);
    expect(await ids({ v: long(2n) })).toEqual(['c']);
    expect(await ids({ v: { $gt: 0 } }, { v: 1 })).toEqual(['d', 'a', 'b', 'c']);
  });

  it("sums money in $group with MongoDB's result types, and keeps a Long group key a Long", async () => {
    const coll = fresh();
    const INT_MAX = 2 ** 31 - 1;
    await coll.insertMany([
      { _id: 1, g: 'ints', v: 1 },
      { _id: 2, g: 'ints', v: 2 },
      { _id: 3, g: 'intOverflow', v: INT_MAX },
      { _id: 4, g: 'intOverflow', v: 1 },
      { _id: 5, g: 'longs', v: Long.fromNumber(5) },
      { _id: 6, g: 'longs', v: Long.fromNumber(7) },
      { _id: 7, g: 'longAndInt', v: Long.fromNumber(5) },
      { _id: 8, g: 'longAndInt', v: 1 },
      { _id: 9, g: 'bigLongs', v: Long.fromBigInt(BIG + 1n) },
      { _id: 10, g: 'bigLongs', v: Long.fromBigInt(BIG + 2n) },
      { _id: 11, g: 'withDouble', v: Long.fromNumber(1) },
      { _id: 12, g: 'withDouble', v: 0.5 },
      { _id: 13, g: 'wholeDoubles', v: new Double(1) },
      { _id: 14, g: 'wholeDoubles', v: new Double(2) },
      { _id: 15, g: 'decimals', v: Decimal128.fromString('0.10') },
      { _id: 16, g: 'decimals', v: Decimal128.fromString('0.20') },
      { _id: 17, g: 'decimalAndInt', v: Decimal128.fromString('1.10') },
      { _id: 18, g: 'decimalAndInt', v: 2 },
      { _id: 19, g: 'longOverflow', v: Long.MAX_VALUE },
      { _id: 20, g: 'longOverflow', v: Long.fromNumber(1) },
      { _id: 21, g: 'noNumbers', v: 'text' },
      { _id: 22, g: 'noNumbers' },
    ]);
    const rows = await coll
      .aggregate([{ $group: { _id: '$g', sum: { $sum: '$v' }, n: { $sum: 1 } } }], TYPED)
      .toArray();
    const sum = Object.fromEntries(rows.map((r) => [r._id as string, r.sum]));
    expect(sum.ints).toEqual(new Int32(3));
    expect(sum.intOverflow).toEqual(Long.fromNumber(2 ** 31));
    expect(sum.longs).toEqual(Long.fromNumber(12));
    expect(sum.longAndInt).toEqual(Long.fromNumber(6));
    expect(sum.bigLongs).toEqual(Long.fromBigInt(2n * BIG + 3n));
    expect(sum.withDouble).toEqual(new Double(1.5));
    expect(sum.wholeDoubles).toEqual(new Double(3));
    expect(sum.decimals.toString()).toBe('0.30');
    expect(sum.decimalAndInt.toString()).toBe('3.10');
    expect(sum.longOverflow).toBeInstanceOf(Double);
    expect(sum.noNumbers).toEqual(new Int32(0));
    expect(rows.every((r) => r.n instanceof Int32)).toBe(true);

    // The other accumulators keep the members' types too; $avg is a Double (a Decimal128 for decimals).
    const [longs] = await coll
      .aggregate(
        [
          { $match: { g: 'longs' } },
          {
            $group: {
              _id: null,
              avg: { $avg: '$v' },
              min: { $min: '$v' },
              max: { $max: '$v' },
              first: { $first: '$v' },
              all: { $push: '$v' },
            },
          },
        ],
        TYPED,
      )
      .toArray();
    expect(longs).toEqual({
      _id: null,
      avg: new Double(6),
      min: Long.fromNumber(5),
      max: Long.fromNumber(7),
      first: Long.fromNumber(5),
      all: [Long.fromNumber(5), Long.fromNumber(7)],
    });
    const [decimalAvg] = await coll
      .aggregate([{ $match: { g: 'decimals' } }, { $group: { _id: null, avg: { $avg: '$v' } } }], TYPED)
      .toArray();
    expect(decimalAvg.avg.toString()).toBe('0.15');

    // A key read from a Long stays a Long, and so does a sum renamed by a later $project.
    const byAccount = await coll
      .aggregate(
        [
          { $match: { g: { $in: ['longs', 'longAndInt'] } } },
          { $group: { _id: '$v', total: { $sum: '$v' } } },
          { $sort: { _id: 1 } },
          { $project: { _id: 0, account: '$_id', total: 1 } },
        ],
        TYPED,
      )
      .toArray();
    expect(byAccount).toEqual([
      { account: new Int32(1), total: new Int32(1) },
      { account: Long.fromNumber(5), total: Long.fromNumber(10) },
      { account: Long.fromNumber(7), total: Long.fromNumber(7) },
    ]);
  });

  it('sums Longs inside arrays after $unwind, and across a second $group', async () => {
    const coll = fresh();
    await coll.insertMany([
      {
        _id: 1,
        day: 'd1',
        entries: [{ amount: Long.fromNumber(2_000_000_000) }, { amount: Long.fromNumber(3) }],
      },
      { _id: 2, day: 'd1', entries: [{ amount: Long.fromNumber(2_000_000_000) }] },
      { _id: 3, day: 'd2', entries: [{ amount: 4 }] },
    ]);
    const perDay = await coll
      .aggregate(
        [
          { $unwind: '$entries' },
          { $group: { _id: '$day', volume: { $sum: '$entries.amount' } } },
          { $sort: { _id: 1 } },
        ],
        TYPED,
      )
      .toArray();
    expect(perDay).toEqual([
      { _id: 'd1', volume: Long.fromNumber(4_000_000_003) },
      { _id: 'd2', volume: new Int32(4) },
    ]);
    const [total] = await coll
      .aggregate(
        [
          { $unwind: '$entries' },
          { $group: { _id: '$day', volume: { $sum: '$entries.amount' } } },
          { $group: { _id: null, volume: { $sum: '$volume' } } },
        ],
        TYPED,
      )
      .toArray();
    expect(total.volume).toEqual(Long.fromNumber(4_000_000_007));
    const [facets] = await coll
      .aggregate(
        [
          {
            $facet: {
              byDay: [{ $unwind: '$entries' }, { $group: { _id: '$day', v: { $sum: '$entries.amount' } } }],
              count: [{ $count: 'n' }],
            },
          },
        ],
        TYPED,
      )
      .toArray();
    expect(facets.byDay).toContainEqual({ _id: 'd1', v: Long.fromNumber(4_000_000_003) });
    expect(facets.count).toEqual([{ n: new Int32(3) }]);
  });

  it('adds and multiplies Decimal128 exactly in $inc and $mul', async () => {
    const coll = fresh();
    await coll.insertOne({ _id: 1, d: Decimal128.fromString('0.10'), m: Decimal128.fromString('1.5') });
    await coll.updateOne({ _id: 1 }, { $inc: { d: Decimal128.fromString('0.20') }, $mul: { m: 3 } });
    const doc = (await coll.findOne({ _id: 1 }, TYPED))!;
    expect(doc.d.toString()).toBe('0.30');
    expect(doc.m.toString()).toBe('4.5');
  });

  it('keeps the types across a restart of durable storage', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'mongo-types-'));
    try {
      const first = await startMongoServer({ port: 0, dataDir });
      const c1 = await new MongoClient(first.uri).connect();
      await c1
        .db('t')
        .collection<Doc>('d')
        .insertOne({ _id: 1, whole: new Double(2), int: 2, long: Long.fromBigInt(BIG + 1n) });
      await c1.close();
      await first.stop();
      const second = await startMongoServer({ port: 0, dataDir });
      const c2 = await new MongoClient(second.uri).connect();
      try {
        const doc = (await c2.db('t').collection<Doc>('d').findOne({ _id: 1 }, TYPED))!;
        expect(doc.whole).toBeInstanceOf(Double);
        expect(doc.int).toEqual(new Int32(2));
        expect(doc.long).toEqual(Long.fromBigInt(BIG + 1n));
      } finally {
        await c2.close();
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
