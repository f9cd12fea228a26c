import { Binary, Decimal128, Double, Int32, Long, ObjectId, UUID, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: reads through the official driver', () => {
  const mongo = mongoForDriverTests('reads');
  const fresh = mongo.fresh;

  it('finds with filter, sort, skip, limit and projection', async () => {
    const c = fresh();
    await c.insertMany(
      Array.from({ length: 20 }, (_, i) => ({ _id: i, n: i % 5, name: `n${i}`, extra: true })) as Document[],
    );
    const docs = await c
      .find({ n: { $in: [1, 2] } }, { sort: { n: -1, _id: 1 }, skip: 1, limit: 4, projection: { extra: 0 } })
      .toArray();
    expect(docs).toEqual([
      { _id: 7, n: 2, name: 'n7' },
      { _id: 12, n: 2, name: 'n12' },
      { _id: 17, n: 2, name: 'n17' },
      { _id: 1, n: 1, name: 'n1' },
    ]);
    expect(await c.findOne({ name: 'n3' }, { projection: { _id: 0, n: 1 } })).toEqual({ n: 3 });
  });

  it('sorts arrays as MongoDB does: smallest element ascending, largest descending', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 'a', v: [3, 1] },
      { _id: 'b', v: [2] },
    ] as Document[]);
    expect((await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'b']);
    expect((await c.find({}, { sort: { v: -1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'b']);
    await c.createIndex({ v: 1 }); // multikey: the index order cannot answer the sort
    expect((await c.find({}, { sort: { v: -1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'b']);
    expect((await c.find({}, { sort: { v: 1 } }).toArray()).map((d) => d._id)).toEqual(['a', 'b']);
  });

  it('pages a cursor across batches with getMore and frees it on close', async () => {
    const c = fresh();
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ i })));
    const all = await c.find({}, { batchSize: 40 }).toArray();
    expect(all.map((d) => d.i)).toEqual(Array.from({ length: 250 }, (_, i) => i));

    const cursor = c.find({}, { batchSize: 10 });
    expect((await cursor.next())!.i).toBe(0);
    expect(cursor.id!.toString()).not.toBe('0');
    const id = cursor.id!;
    await cursor.close();
    const gone = await mongo.client
      .db('reads')
      .command({ getMore: id, collection: c.collectionName })
      .catch((e: { code: number }) => e.code);
    expect(gone).toBe(43);

    const single = await c.find({}, { limit: 5, batchSize: 2 }).toArray();
    expect(single).toHaveLength(5);
  });

  it('counts, estimates and lists distinct values', async () => {
    const c = fresh();
    await c.insertMany([{ k: 'a', t: [1, 2] }, { k: 'b', t: [2, 3] }, { k: 'a' }, { k: 'c' }]);
    expect(await c.countDocuments({ k: 'a' })).toBe(2);
    expect(await c.countDocuments({}, { skip: 1, limit: 2 })).toBe(2);
    expect(await c.estimatedDocumentCount()).toBe(4);
    expect(await c.distinct('k')).toEqual(['a', 'b', 'c']);
    expect(await c.distinct('t', { k: { $ne: 'c' } })).toEqual([1, 2, 3]);
    expect(await mongo.client.db('reads').collection('missing').countDocuments()).toBe(0);
  });

  it('aggregates with $match $group $sort $project $unwind $count $facet $lookup', async () => {
    const orders = fresh();
    const customers = fresh();
    await customers.insertMany([
      { _id: 1, name: 'ann' },
      { _id: 2, name: 'bob' },
    ] as Document[]);
    await orders.insertMany([
      { cust: 1, total: 10, items: ['x', 'y'] },
      { cust: 1, total: 5, items: ['x'] },
      { cust: 2, total: 7, items: [] },
    ]);
    const byCustomer = await orders
      .aggregate([
        { $match: { total: { $gte: 5 } } },
        { $group: { _id: '$cust', sum: { $sum: '$total' }, n: { $sum: 1 } } },
        { $sort: { sum: -1 } },
        { $lookup: { from: customers.collectionName, localField: '_id', foreignField: '_id', as: 'who' } },
        { $project: { _id: 0, name: { $first: '$who.name' }, sum: 1, n: 1 } },
      ])
      .toArray();
    expect(byCustomer).toEqual([
      { sum: 15, n: 2, name: 'ann' },
      { sum: 7, n: 1, name: 'bob' },
    ]);
    const unwound = await orders.aggregate([{ $unwind: '$items' }, { $count: 'n' }]).toArray();
    expect(unwound).toEqual([{ n: 3 }]);
    const [facets] = await orders
      .aggregate([
        {
          $facet: {
            big: [{ $match: { total: { $gt: 6 } } }, { $count: 'n' }],
            top: [{ $sort: { total: -1 } }, { $limit: 1 }, { $project: { _id: 0, total: 1 } }],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({ big: [{ n: 2 }], top: [{ total: 10 }] });
    const paged = await orders
      .aggregate([{ $sort: { total: 1 } }, { $skip: 1 }, { $limit: 1 }, { $project: { _id: 0, total: 1 } }], {
        batchSize: 1,
      })
      .toArray();
    expect(paged).toEqual([{ total: 7 }]);
    const unknown = await orders
      .aggregate([{ $frobnicate: {} }])
      .toArray()
      .catch((e: { code: number }) => e.code);
    expect(unknown).toBe(40324);
  });

  it('round-trips BSON types exactly', async () => {
    const c = fresh();
    const doc = {
      _id: new ObjectId(),
      int32: new Int32(7),
      long: Long.fromString('9223372036854775807'),
      smallLong: Long.fromNumber(3),
      double: new Double(1.5),
      decimal: Decimal128.fromString('12345.6789012345678901'),
      date: new Date('2026-01-02T03:04:05.678Z'),
      uuid: new UUID(),
      bin: new Binary(Buffer.from([0, 1, 2, 255]), 0),
      nested: { arr: [Long.fromNumber(1), null, 'x'] },
    };
    await c.insertOne(doc);
    const back = await c.findOne(
      { _id: doc._id },
      { promoteValues: false, promoteLongs: false, promoteBuffers: false },
    );
    expect(back!.int32).toEqual(new Int32(7));
    expect(back!.long).toEqual(doc.long);
    expect(back!.smallLong).toEqual(doc.smallLong);
    expect(back!.double).toEqual(new Double(1.5));
    expect(back!.decimal.toString()).toBe('12345.6789012345678901');
    expect(back!.date).toEqual(doc.date);
    expect((back!.uuid as Binary).sub_type).toBe(4);
    expect(Buffer.from((back!.uuid as Binary).buffer)).toEqual(Buffer.from(doc.uuid.buffer));
    expect(back!.bin.sub_type).toBe(0);
    expect(Buffer.from(back!.bin.buffer)).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(back!.nested.arr[0]).toEqual(Long.fromNumber(1));
    expect(back!._id).toEqual(doc._id);
  });

  it('compares numbers across Int32, Long, Double and Decimal128', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 'int', v: 5 },
      { _id: 'long', v: Long.fromNumber(5) },
      { _id: 'double', v: 5.5 },
      { _id: 'decimal', v: Decimal128.fromString('6') },
      { _id: 'bigLong', v: Long.fromString('10000000000') },
    ] as Document[]);
    const ids = async (filter: Document) =>
      (await c.find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids({ v: 5 })).toEqual(['int', 'long']);
    expect(await ids({ v: Long.fromNumber(5) })).toEqual(['int', 'long']);
    expect(await ids({ v: { $gt: 5, $lte: Decimal128.fromString('6') } })).toEqual(['decimal', 'double']);
    expect(await ids({ v: { $gt: Long.fromNumber(2147483648) } })).toEqual(['bigLong']);
    expect((await c.find({}, { sort: { v: -1 } }).toArray()).map((d) => d._id)).toEqual([
      'bigLong',
      'decimal',
      'double',
      'int',
      'long',
    ]);
    await c.insertOne({ _id: 'nan', v: NaN } as Document);
    expect(await ids({ v: { $lt: 6 } })).toEqual(['double', 'int', 'long']);
    expect(await ids({ v: { $gte: NaN } })).toEqual(['nan']);
    expect(await ids({ v: { $gt: NaN } })).toEqual([]);
    expect((await c.find({}, { sort: { v: 1, _id: 1 } }).toArray())[0]._id).toBe('nan');
  });

  it('matches Binary and UUID by subtype and bytes', async () => {
    const c = fresh();
    const a = new UUID();
    const b = new UUID();
    await c.insertMany([
      { _id: 1, u: a },
      { _id: 2, u: b },
      { _id: 3, u: new Binary(Buffer.from(a.buffer), 0) },
    ] as Document[]);
    expect((await c.find({ u: a }).toArray()).map((d) => d._id)).toEqual([1]);
    expect((await c.find({ u: { $in: [b] } }).toArray()).map((d) => d._id)).toEqual([2]);
    await c.createIndex({ u: 1 });
    expect((await c.find({ u: b }).toArray()).map((d) => d._id)).toEqual([2]);
    const grouped = await c
      .aggregate([{ $match: { _id: { $lt: 3 } } }, { $group: { _id: '$u', n: { $sum: 1 } } }])
      .toArray();
    expect(grouped).toHaveLength(2);
    expect(grouped.every((g) => g._id instanceof Binary && g._id.sub_type === 4)).toBe(true);
  });

  it('refuses server-side JavaScript and malformed filters with BadValue (2)', async () => {
    const c = fresh();
    await c.insertOne({ a: 1 });
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: { code: number }) => e.code,
      );
    expect(await code(c.find({ $where: 'this.a == 1' }).toArray())).toBe(2);
    expect(await code(c.find({ a: { $frob: 1 } }).toArray())).toBe(2);
    // "$regex has to be a string", also when no document could match.
    const message = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: { code: number; message: string }) => `${e.code} ${e.message}`,
      );
    expect(await message(c.find({ a: { $regex: 1 as never } }).toArray())).toBe(
      '2 $regex has to be a string',
    );
    expect(
      await message(c.find({ _id: 'none' as never, a: { $regex: 'x', $options: 1 as never } }).toArray()),
    ).toBe('2 $options has to be a string');
    expect(await c.countDocuments({ a: { $not: { $regex: /^x/ } } })).toBeGreaterThan(0);
    expect(
      await code(
        c
          .aggregate([{ $match: { $expr: { $function: { body: 'return 1', args: [], lang: 'js' } } } }])
          .toArray(),
      ),
    ).toBe(2);
    expect(await c.countDocuments({ a: 1 })).toBe(1);
  });

  it('treats null as matching missing fields', async () => {
    const c = fresh();
    await c.insertMany([{ _id: 1, a: null }, { _id: 2 }, { _id: 3, a: 1 }] as Document[]);
    expect((await c.find({ a: null }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect((await c.find({ a: { $ne: null } }).toArray()).map((d) => d._id)).toEqual([3]);
    expect((await c.find({ a: { $gte: null } }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    expect(await c.find({ a: { $gt: null } }).toArray()).toEqual([]);
  });

  it('matches null on a path through arrays, and embedded documents with their field order', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, a: [{ b: 1 }, { c: 2 }] },
      { _id: 2, a: [{ b: 1 }] },
      { _id: 3, a: { b: null } },
      { _id: 4, sub: { x: 1, y: 2 } },
      { _id: 5, sub: { y: 2, x: 1 } },
      { _id: 6, subs: [{ x: 1, y: 2 }] },
    ] as Document[]);
    const ids = async (filter: Document) =>
      (await c.find(filter, { sort: { _id: 1 } }).toArray()).map((d) => d._id);
    expect(await ids({ 'a.b': null })).toEqual([1, 3, 4, 5, 6]);
    expect(await ids({ 'a.b': { $ne: null } })).toEqual([2]);
    expect(await ids({ 'a.b': { $in: [null, 7] } })).toEqual([1, 3, 4, 5, 6]);
    expect(await ids({ sub: { x: 1, y: 2 } })).toEqual([4]);
    expect(await ids({ sub: { $in: [{ y: 2, x: 1 }] } })).toEqual([5]);
    expect(await ids({ sub: { $ne: { x: 1, y: 2 } }, _id: { $gte: 4 } })).toEqual([5, 6]);
    expect(await ids({ subs: { x: 1, y: 2 } })).toEqual([6]);
    expect(await ids({ subs: { y: 2, x: 1 } })).toEqual([]);
  });

  it("sorts aggregation output in MongoDB's order of types, an array by its largest element descending", async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, v: 'b' },
      { _id: 2, v: 3 },
      { _id: 3 },
      { _id: 4, v: null },
      { _id: 5, v: [5, 0] },
      { _id: 6, v: { a: 1 } },
      { _id: 7, v: true },
    ] as Document[]);
    const order = async (direction: 1 | -1) =>
      (await c.aggregate([{ $sort: { v: direction, _id: 1 } }]).toArray()).map((d) => d._id);
    expect(await order(1)).toEqual([3, 4, 5, 2, 1, 6, 7]);
    expect(await order(-1)).toEqual([7, 6, 1, 5, 2, 3, 4]);
  });

  it('never changes stored documents while projecting or aggregating them', async () => {
    const c = fresh();
    const original = {
      _id: 1,
      arr: [] as unknown[],
      list: [{ x: 1, y: 2 }],
      sub: { a: 1, b: 2, c: { d: 1 } },
    };
    await c.insertOne(structuredClone(original) as Document);
    const projected = await c.find({}, { projection: { 'sub.a': 0, 'list.x': 0, 'sub.c.d': 0 } }).toArray();
    expect(projected).toEqual([{ _id: 1, arr: [], list: [{ y: 2 }], sub: { b: 2, c: {} } }]);
    await c.aggregate([{ $unwind: { path: '$arr', preserveNullAndEmptyArrays: true } }]).toArray();
    await c.aggregate([{ $addFields: { 'sub.added': 1 } }]).toArray();
    await c.aggregate([{ $project: { 'sub.a': 0 } }]).toArray();
    await c.aggregate([{ $replaceRoot: { newRoot: '$sub' } }, { $set: { 'c.e': 1 } }]).toArray();
    const [facets] = await c
      .aggregate([
        {
          $facet: {
            unset: [{ $unset: 'sub.b' }, { $project: { _id: 0, sub: 1 } }],
            edited: [{ $set: { 'sub.b': 9 } }, { $project: { _id: 0, sub: 1 } }],
            untouched: [{ $project: { _id: 0, sub: 1 } }],
          },
        },
      ])
      .toArray();
    expect(facets).toEqual({
      unset: [{ sub: { a: 1, c: { d: 1 } } }],
      edited: [{ sub: { a: 1, b: 9, c: { d: 1 } } }],
      untouched: [{ sub: { a: 1, b: 2, c: { d: 1 } } }],
    });
    const returned = await c.findOneAndUpdate(
      { _id: 1 } as Document,
      { $set: { seen: true } },
      { projection: { 'sub.c': 0 }, returnDocument: 'after' },
    );
    expect(returned).toEqual({ _id: 1, arr: [], list: [{ x: 1, y: 2 }], sub: { a: 1, b: 2 }, seen: true });
    expect(await c.findOne({ _id: 1 } as Document)).toEqual({ ...original, seen: true });
  });

  it("keeps the document's field order in a projection", async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1, b: { x: 1, y: 2 }, c: 3 } as Document);
    const simple = await c.findOne({}, { projection: { c: 1, a: 1 } });
    expect(Object.keys(simple!)).toEqual(['_id', 'a', 'c']);
    const nested = await c.findOne({}, { projection: { 'b.y': 1, c: 1, 'b.x': 1 } });
    expect(Object.keys(nested!)).toEqual(['_id', 'b', 'c']);
    expect(Object.keys(nested!.b)).toEqual(['x', 'y']);
    expect(await c.findOne({}, { projection: { _id: 1 } })).toEqual({ _id: 1 });
  });
});
