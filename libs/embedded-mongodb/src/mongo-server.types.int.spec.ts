import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long, MongoClient, type Collection, type Document } from 'mongodb';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';

/** Reads that keep every BSON number type visible (Int32, Double, Long, Decimal128). */
const TYPED = { promoteValues: false, promoteLongs: false } as const;
const BIG = 2n ** 53n;
type Doc = Document & { _id: number | string };

describe('embedded MongoDB keeps BSON number types through the driver', () => {
  let server: EmbeddedMongoServer;
  let client: MongoClient;
  let seq = 0;
  const fresh = (): Collection<Doc> => client.db('types').collection<Doc>(`c${++seq}`);

  beforeAll(async () => {
    server = await startMongoServer({ port: 0, memory: true });
    client = await new MongoClient(server.uri).connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

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

    await client
      .db('types')
      .collection<Doc>('lookup')
      .insertOne({ _id: 'l', ref: 1, amount: Long.fromNumber(9) });
    const joined = await client
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
    expect(await ids({}, { v: -1 })).toEqual(['c', 'b', 'a', 'd']);

    await coll.createIndex({ v: 1 });
    expect(await ids({ v: { $gte: long(1n), $lt: long(2n) } })).toEqual(['b']);
    expect(await ids({ v: long(2n) })).toEqual(['c']);
    expect(await ids({ v: { $gt: 0 } }, { v: 1 })).toEqual(['d', 'a', 'b', 'c']);
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
