import { Long, MongoBulkWriteError, MongoServerError, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: writes through the official driver', () => {
  const mongo = mongoForDriverTests('writes');
  const fresh = mongo.fresh;

  it('inserts one and many documents and reads them back', async () => {
    const c = fresh();
    const one = await c.insertOne({ name: 'a' });
    const many = await c.insertMany([{ name: 'b' }, { name: 'c' }]);
    expect(many.insertedCount).toBe(2);
    expect(await c.findOne({ _id: one.insertedId })).toEqual({ _id: one.insertedId, name: 'a' });
    expect((await c.find({}).toArray()).map((d) => d.name)).toEqual(['a', 'b', 'c']);
  });

  it('updates one and many with operators, reporting matched and modified counts', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, n: 1, tags: ['x'] },
      { _id: 2, n: 2 },
      { _id: 3, n: 3 },
    ] as Document[]);
    const one = await c.updateOne(
      { _id: 1 } as Document,
      { $inc: { n: 10 }, $push: { tags: 'y' }, $set: { 'deep.a': true } } as Document,
    );
    expect([one.matchedCount, one.modifiedCount]).toEqual([1, 1]);
    expect(await c.findOne({ _id: 1 } as Document)).toEqual({
      _id: 1,
      n: 11,
      tags: ['x', 'y'],
      deep: { a: true },
    });
    const many = await c.updateMany({ n: { $lt: 4 } }, { $set: { small: true }, $unset: { tags: '' } });
    expect([many.matchedCount, many.modifiedCount]).toEqual([2, 2]);
    const same = await c.updateOne({ _id: 2 } as Document, { $set: { n: 2 } });
    expect([same.matchedCount, same.modifiedCount]).toEqual([1, 0]);
    const none = await c.updateMany({ n: 99 }, { $set: { x: 1 } });
    expect(none.matchedCount).toBe(0);
  });

  it('upserts from the filter equality, applying $setOnInsert only on insert', async () => {
    const c = fresh();
    const first = await c.updateOne(
      { 'key.a': 1, kind: { $eq: 'k' }, $and: [{ region: 'eu' }], n: { $gt: 0 } },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'once' } },
      { upsert: true },
    );
    expect(first.upsertedCount).toBe(1);
    const inserted = await c.findOne({ _id: first.upsertedId! });
    expect(inserted).toEqual({
      _id: first.upsertedId,
      key: { a: 1 },
      kind: 'k',
      region: 'eu',
      hits: 1,
      created: 'once',
    });
    await c.updateOne(
      { kind: 'k' },
      { $inc: { hits: 1 }, $setOnInsert: { created: 'twice' } },
      { upsert: true },
    );
    expect(await c.findOne({ kind: 'k' })).toMatchObject({ hits: 2, created: 'once' });
    const byId = await c.updateOne({ _id: 'fixed' } as Document, { $set: { v: 1 } }, { upsert: true });
    expect(byId.upsertedId).toBe('fixed');
  });

  it('replaces a document, keeping its _id, and upserts a replacement', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, a: 1, b: 2 } as Document);
    const r = await c.replaceOne({ _id: 1 } as Document, { c: 3 });
    expect(r.modifiedCount).toBe(1);
    expect(await c.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, c: 3 });
    const up = await c.replaceOne({ _id: 2 } as Document, { d: 4 }, { upsert: true });
    expect(up.upsertedId).toBe(2);
    expect(await c.findOne({ _id: 2 } as Document)).toEqual({ _id: 2, d: 4 });
  });

  it('updates array elements chosen by arrayFilters', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, items: [{ q: 1 }, { q: 5 }, { q: 7 }] } as Document);
    await c.updateOne(
      { _id: 1 } as Document,
      { $set: { 'items.$[big].flag': true } },
      { arrayFilters: [{ 'big.q': { $gt: 4 } }] },
    );
    expect((await c.findOne({ _id: 1 } as Document))!.items).toEqual([
      { q: 1 },
      { q: 5, flag: true },
      { q: 7, flag: true },
    ]);
    await c.insertOne({
      _id: 2,
      scores: [1, 8, 9],
      longs: [Long.fromNumber(1), Long.fromNumber(2)],
    } as Document);
    await c.updateOne(
      { _id: 2 } as Document,
      { $inc: { 'scores.$[high]': 100, 'longs.$[]': 1 } },
      { arrayFilters: [{ high: { $gte: 8 } }] },
    );
    const doc = await c.findOne({ _id: 2 } as Document, { promoteLongs: false });
    expect(doc!.scores).toEqual([1, 108, 109]);
    expect(doc!.longs).toEqual([Long.fromNumber(2), Long.fromNumber(3)]);
  });

  it('updates the element the filter matched through the positional $', async () => {
    const c = fresh();
    await c.insertOne({
      _id: 1,
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 2, tags: [] },
      ],
    } as Document);
    await c.updateOne(
      { _id: 1, 'lines.sku': 'b' } as Document,
      {
        $inc: { 'lines.$.qty': 5 },
        $push: { 'lines.$.tags': 'x' },
      } as Document,
    );
    await c.updateOne({ lines: { $elemMatch: { sku: 'a' } } }, { $set: { 'lines.$.seen': true } });
    await c.updateOne({ _id: 1 } as Document, { $inc: { 'lines.$[].qty': 100 } });
    expect((await c.findOne({ _id: 1 } as Document))!.lines).toEqual([
      { sku: 'a', qty: 101, seen: true },
      { sku: 'b', qty: 107, tags: ['x'] },
    ]);
    const noMatch = await c
      .updateOne({ _id: 1 } as Document, { $set: { 'lines.$.qty': 0 } })
      .catch((e: { code: number }) => e.code);
    expect(noMatch).toBe(2);
  });

  it('deletes one and many', async () => {
    const c = fresh();
    await c.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 2 }]);
    expect((await c.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await c.deleteMany({ g: 2 })).deletedCount).toBe(2);
    expect(await c.countDocuments()).toBe(1);
  });

  it('findOneAndUpdate returns the document before or after, and upserts', async () => {
    const c = fresh();
    await c.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
    ] as Document[]);
    const before = await c.findOneAndUpdate({ n: { $gte: 1 } }, { $inc: { n: 100 } }, { sort: { n: -1 } });
    expect(before).toEqual({ _id: 2, n: 2 });
    const after = await c.findOneAndUpdate(
      { _id: 1 } as Document,
      { $inc: { n: 1 } },
      { returnDocument: 'after', projection: { n: 1, _id: 0 } },
    );
    expect(after).toEqual({ n: 2 });
    const upserted = await c.findOneAndUpdate(
      { _id: 9 } as Document,
      { $set: { n: 9 } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(upserted.value).toEqual({ _id: 9, n: 9 });
    expect(upserted.lastErrorObject).toMatchObject({ updatedExisting: false, upserted: 9 });
    expect(await c.findOneAndDelete({ _id: 9 } as Document)).toEqual({ _id: 9, n: 9 });
    expect(
      await c.findOneAndReplace({ _id: 1 } as Document, { r: true }, { returnDocument: 'after' }),
    ).toEqual({ _id: 1, r: true });
  });

  it('bulkWrite runs mixed operations in order', async () => {
    const c = fresh();
    const result = await c.bulkWrite([
      { insertOne: { document: { _id: 1, n: 1 } } },
      { updateOne: { filter: { _id: 1 }, update: { $inc: { n: 1 } } } },
      { updateOne: { filter: { _id: 2 }, update: { $set: { n: 5 } }, upsert: true } },
      { replaceOne: { filter: { _id: 1 }, replacement: { n: 42 } } },
      { deleteOne: { filter: { _id: 2 } } },
    ] as never);
    expect(result.insertedCount).toBe(1);
    expect(result.matchedCount).toBe(2);
    expect(result.upsertedCount).toBe(1);
    expect(result.deletedCount).toBe(1);
    expect(await c.find({}).toArray()).toEqual([{ _id: 1, n: 42 }]);
  });

  it('an ordered bulk stops at a duplicate key; an unordered one goes on', async () => {
    const c = fresh();
    const docs = [{ _id: 1 }, { _id: 1 }, { _id: 2 }] as Document[];
    const ordered = await c.insertMany(docs).catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect((ordered as MongoBulkWriteError).code).toBe(11000);
    const [first] = (ordered as MongoBulkWriteError).writeErrors as unknown as {
      index: number;
      code: number;
      errmsg: string;
    }[];
    expect([first.index, first.code]).toEqual([1, 11000]);
    expect(first.errmsg).toContain('dup key: { _id: 1 }');
    // The driver keeps only index/code/errmsg of a write error; the reply itself carries the key.
    const raw = await mongo.client
      .db('writes')
      .command({ insert: c.collectionName, documents: [{ _id: 1 }] });
    expect(raw.writeErrors).toEqual([
      {
        index: 0,
        code: 11000,
        errmsg: expect.stringContaining('E11000'),
        keyPattern: { _id: 1 },
        keyValue: { _id: 1 },
      },
    ]);
    expect(await c.countDocuments()).toBe(1);

    const d = fresh();
    const unordered = (await d
      .insertMany(docs, { ordered: false })
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered.writeErrors).toHaveLength(1);
    expect(unordered.insertedCount).toBe(2);
    expect(await d.countDocuments()).toBe(2);
  });

  it('a duplicate key surfaces as MongoServerError 11000 with keyPattern and keyValue', async () => {
    const c = fresh();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x' });
    const err = (await c.insertOne({ email: 'a@x' }).catch((e: unknown) => e)) as MongoServerError;
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(11000);
    expect(err.keyValue).toEqual({ email: 'a@x' });
    expect(err.errorResponse.keyPattern).toEqual({ email: 1 });
    expect(err.message).toBe(
      `E11000 duplicate key error collection: writes.${c.collectionName} index: email_1 dup key: { email: "a@x" }`,
    );
    const upd = (await c
      .insertOne({ email: 'b@x' })
      .then(() => c.updateOne({ email: 'b@x' }, { $set: { email: 'a@x' } }))
      .catch((e: unknown) => e)) as MongoServerError;
    expect(upd.code).toBe(11000);
    expect(await c.countDocuments({ email: 'b@x' })).toBe(1);
  });

  it('rejects invalid updates with MongoDB error codes instead of ignoring them', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, s: 'text', scalar: 5 } as Document);
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: MongoServerError) => e.code,
      );
    expect(await code(c.updateOne({ _id: 1 } as Document, { $foo: { a: 1 } } as Document))).toBe(9);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $inc: { s: 1 } }))).toBe(14);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $inc: { n: 'x' } } as Document))).toBe(14);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $set: { 'scalar.b': 1 } }))).toBe(28);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $set: { _id: 2 } }))).toBe(66);
    expect(await code(c.replaceOne({ _id: 1 } as Document, { _id: 3, x: 1 }))).toBe(66);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $set: { a: 1 }, $inc: { a: 1 } }))).toBe(40);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $push: { scalar: 1 } } as Document))).toBe(2);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $pop: { s: 1 } }))).toBe(14);
    expect(await code(c.updateOne({ _id: 1 } as Document, { $set: { 'scalar.$[].x': 1 } }))).toBe(2);
    expect(await code(c.updateMany({ _id: 1 } as Document, [{ $set: { a: 1 } }]))).toBe('no error');
    const multiReplace = mongo.client
      .db('writes')
      .command({ update: c.collectionName, updates: [{ q: {}, u: { x: 1 }, multi: true }] });
    expect(await multiReplace.then((r) => r.writeErrors?.[0]?.code)).toBe(9);
    expect(await c.findOne({ _id: 1 } as Document)).toEqual({ _id: 1, s: 'text', scalar: 5, a: 1 });
  });

  it('$inc and $mul keep Long and widen int32 overflow to Long', async () => {
    const c = fresh();
    await c.insertOne({ _id: 1, big: Long.fromString('9007199254740993'), small: 2147483647 } as Document);
    await c.updateOne({ _id: 1 } as Document, { $inc: { big: 1, small: 1 } });
    const doc = await c.findOne({ _id: 1 } as Document, { promoteLongs: false });
    expect(doc!.big).toEqual(Long.fromString('9007199254740994'));
    expect(doc!.small).toEqual(Long.fromNumber(2147483648));
  });

  it('answers a transaction number on a standalone with IllegalOperation (20)', async () => {
    const session = mongo.client.startSession();
    const c = fresh();
    const err = (await session
      .withTransaction(() => c.insertOne({ a: 1 }, { session }))
      .catch((e: unknown) => e)) as MongoServerError;
    await session.endSession();
    // The driver wraps code 20 in its "does not support retryable writes" hint, as with a real standalone.
    expect((err as MongoServerError & { originalError?: MongoServerError }).originalError?.code).toBe(20);
    const raw = await mongo.client
      .db('writes')
      .command({ insert: 'tx', documents: [{}], txnNumber: Long.fromNumber(1) })
      .catch((e: MongoServerError) => e);
    expect((raw as MongoServerError).code).toBe(20);
  });

  it('updateMany upserts one document from the filter when nothing matches, then updates all', async () => {
    const c = fresh();
    const first = await c.updateMany(
      { kind: 'k', n: { $gt: 1 } },
      { $set: { seen: true }, $setOnInsert: { created: 1 } },
      { upsert: true },
    );
    expect([first.matchedCount, first.upsertedCount]).toEqual([0, 1]);
    expect(await c.findOne({ _id: first.upsertedId! })).toEqual({
      _id: first.upsertedId,
      kind: 'k',
      seen: true,
      created: 1,
    });
    await c.insertOne({ kind: 'k', n: 5 });
    const second = await c.updateMany({ kind: 'k' }, { $inc: { hits: 1 } }, { upsert: true });
    expect([second.matchedCount, second.modifiedCount, second.upsertedCount]).toEqual([2, 2, 0]);
  });

  it('an unordered bulkWrite goes on past a failed operation and reports it by index', async () => {
    const c = fresh();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ _id: 1, email: 'a@x' } as Document);
    const err = (await c
      .bulkWrite(
        [
          { insertOne: { document: { _id: 2, email: 'b@x' } } },
          { updateOne: { filter: { _id: 2 }, update: { $set: { email: 'a@x' } } } },
          { insertOne: { document: { _id: 3, email: 'c@x' } } },
          { updateOne: { filter: { _id: 9 }, update: { $set: { n: 1 } }, upsert: true } },
          { deleteOne: { filter: { _id: 1 } } },
        ] as never,
        { ordered: false },
      )
      .catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    expect(err.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(err.result).toMatchObject({ insertedCount: 2, upsertedCount: 1, deletedCount: 1 });
    expect((await c.find({}).toArray()).map((d) => d._id)).toEqual([2, 3, 9]);
  });

  it('a batch of updates reports a duplicate key as a writeError; ordered stops there, unordered goes on', async () => {
    const c = fresh();
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertMany([
      { _id: 1, email: 'a@x' },
      { _id: 2, email: 'b@x' },
      { _id: 3, email: 'c@x' },
    ] as Document[]);
    const updates = [
      { q: { _id: 1 }, u: { $set: { n: 1 } } },
      { q: { _id: 2 }, u: { $set: { email: 'a@x' } } },
      { q: { _id: 3 }, u: { $set: { n: 3 } } },
    ];
    const ordered = await mongo.client.db('writes').command({ update: c.collectionName, updates });
    expect(ordered).toMatchObject({ ok: 1, n: 1, nModified: 1 });
    expect(ordered.writeErrors).toEqual([
      {
        index: 1,
        code: 11000,
        errmsg: expect.stringContaining('index: email_1 dup key: { email: "a@x" }'),
        keyPattern: { email: 1 },
        keyValue: { email: 'a@x' },
      },
    ]);
    expect(await c.findOne({ _id: 3 } as Document)).toEqual({ _id: 3, email: 'c@x' });
    const unordered = await mongo.client
      .db('writes')
      .command({ update: c.collectionName, updates, ordered: false });
    expect(unordered).toMatchObject({ n: 2, writeErrors: [{ index: 1, code: 11000 }] });
    expect(await c.findOne({ _id: 3 } as Document)).toEqual({ _id: 3, email: 'c@x', n: 3 });
    expect(await c.findOne({ _id: 2 } as Document)).toEqual({ _id: 2, email: 'b@x' });
  });

  it('a pipeline update counts as a modification and moves index entries, leaving the old version intact', async () => {
    const c = fresh();
    await c.createIndex({ 'sub.k': 1 });
    await c.insertOne({ _id: 1, sub: { k: 'a' } } as Document);
    const r = await c.updateOne({ _id: 1 } as Document, [{ $set: { 'sub.k': 'b', 'sub.z': 1 } }]);
    expect(r.modifiedCount).toBe(1);
    expect(await c.find({ 'sub.k': 'a' }).toArray()).toEqual([]);
    expect(await c.find({ 'sub.k': 'b' }).toArray()).toEqual([{ _id: 1, sub: { k: 'b', z: 1 } }]);
  });
});
