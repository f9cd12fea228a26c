import fc from 'fast-check';
import { Decimal128, Long, type Document } from 'bson';
import { EMPTY_ARRAY_KEY, compareValues, indexKey } from '../bson/bson-value.js';
import { MemoryMongoStorage } from '../memory-mongo-storage.js';
import { MongoEngine } from '../mongo-engine.js';

const value = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.integer({ min: -5, max: 5 }).map((n) => Long.fromNumber(n)),
  fc.double({ min: -5, max: 5, noNaN: true }),
  fc.integer({ min: -5, max: 5 }).map((n) => Decimal128.fromString(String(n))),
  fc.constantFrom('a', 'b', 'c', ''),
  fc.constant(null),
  fc.date({ min: new Date(0), max: new Date(10_000), noInvalidDate: true }),
);
const docValue = fc.oneof(
  { weight: 5, arbitrary: value },
  { weight: 1, arbitrary: fc.array(value, { maxLength: 3 }) },
);
const doc = fc.record({ a: docValue, b: value }, { requiredKeys: [] });
const condition = fc.oneof(
  value,
  value.map((v) => ({ $eq: v })),
  fc.array(value, { minLength: 1, maxLength: 3 }).map((vs) => ({ $in: vs })),
  fc.tuple(fc.constantFrom('$gt', '$gte', '$lt', '$lte'), value).map(([op, v]) => ({ [op]: v })),
  fc.tuple(value, value).map(([lo, hi]) => ({ $gte: lo, $lt: hi })),
  // An equality beside another operator: the lookup finds candidates, the query still decides.
  fc.tuple(fc.array(value, { minLength: 1, maxLength: 3 }), value).map(([vs, v]) => ({ $in: vs, $nin: [v] })),
  fc.tuple(value, value).map(([v, w]) => ({ $eq: v, $ne: w })),
);
const filter = fc.oneof(
  condition.map((c) => ({ a: c })),
  fc.tuple(condition, condition).map(([c, d]) => ({ a: c, b: d })),
  fc.tuple(condition, condition).map(([c, d]) => ({ $and: [{ a: c }, { a: d }] })),
);

/** What a document sorts by, as a comparable string: arrays by their smallest or largest element. */
function sortKey(a: unknown, dir: number): string {
  const values: unknown[] = Array.isArray(a) ? (a.length === 0 ? [EMPTY_ARRAY_KEY] : a) : [a ?? null];
  return indexKey(values.reduce((best, v) => (compareValues(v, best) * dir < 0 ? v : best)));
}

describe('query planner', () => {
  it('an index never changes which documents a filter finds or writes touch, nor a sort their order', async () => {
    const plain = await MongoEngine.open(new MemoryMongoStorage());
    const indexed = await MongoEngine.open(new MemoryMongoStorage());
    await indexed.command({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }], $db: 'p' });
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(doc, { maxLength: 25 }),
        filter,
        fc.constantFrom(1, -1),
        fc.tuple(filter, docValue, filter),
        async (docs, f, dir, [updateFilter, newValue, deleteFilter]) => {
          const coll = `c${round++}`;
          await indexed.command({ createIndexes: coll, indexes: [{ key: { a: 1 }, name: 'a_1' }], $db: 'p' });
          const withIds = docs.map((d, i) => ({ _id: i, ...d }));
          for (const e of [plain, indexed]) {
            if (withIds.length > 0) await e.command({ insert: coll, documents: withIds, $db: 'p' });
            // Writes through the index must keep it in step with the documents.
            await e.command({
              update: coll,
              updates: [{ q: updateFilter, u: { $set: { a: newValue } }, multi: true }],
              $db: 'p',
            });
            await e.command({ delete: coll, deletes: [{ q: deleteFilter, limit: 0 }], $db: 'p' });
          }
          const ids = async (e: MongoEngine, body: Document) =>
            (
              (await e.command({ find: coll, batchSize: 1000, $db: 'p', ...body })).cursor
                .firstBatch as Document[]
            ).map((d) => d._id);
          const byId = { sort: { _id: 1 } };
          expect(await ids(indexed, { filter: f, ...byId })).toEqual(
            await ids(plain, { filter: f, ...byId }),
          );
          // Ties (null and missing, equal numbers of different types) may come in either order.
          const sortKeys = async (e: MongoEngine) =>
            (
              (await e.command({ find: coll, filter: {}, sort: { a: dir }, batchSize: 1000, $db: 'p' }))
                .cursor.firstBatch as Document[]
            ).map((d) => sortKey(d.a, dir));
          expect(await sortKeys(indexed)).toEqual(await sortKeys(plain));
        },
      ),
      { numRuns: 150 },
    );
    await plain.close();
    await indexed.close();
  });
});

describe("sorts on several fields through the first field's index", () => {
  const scalarDoc = fc.record({ a: value, b: fc.constantFrom(1, 2, 'x') }, { requiredKeys: [] });
  const sortSpec = fc.oneof(
    fc.tuple(fc.constantFrom(1, -1), fc.constantFrom(1, -1)).map(([x, y]) => ({ a: x, _id: y })),
    fc
      .tuple(fc.constantFrom(1, -1), fc.constantFrom(1, -1), fc.constantFrom(1, -1))
      .map(([x, y, z]) => ({ a: x, b: y, _id: z })),
  );
  const narrowing = fc.oneof(
    fc.constant({}),
    fc.constantFrom(1, 2, 'x').map((b) => ({ b })),
    condition.map((c) => ({ a: c })),
    fc.tuple(fc.constantFrom(1, 2, 'x'), condition).map(([b, c]) => ({ b, a: c })),
  );

  it('finds the same documents in the same order as a sort in memory, with and without a limit', async () => {
    const plain = await MongoEngine.open(new MemoryMongoStorage());
    const indexed = await MongoEngine.open(new MemoryMongoStorage());
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(scalarDoc, { maxLength: 40 }),
        narrowing,
        sortSpec,
        fc.constantFrom(0, 1, 3, 10),
        async (docs, f, sort, limit) => {
          const coll = `s${round++}`;
          await indexed.command({
            createIndexes: coll,
            indexes: [
              { key: { a: 1 }, name: 'a_1' },
              { key: { b: 1 }, name: 'b_1' },
            ],
            $db: 'p',
          });
          const withIds = docs.map((d, i) => ({ _id: (i * 7) % 41, ...d }));
          for (const e of [plain, indexed])
            if (withIds.length > 0) await e.command({ insert: coll, documents: withIds, $db: 'p' });
          const ids = async (e: MongoEngine) =>
            (
              (await e.command({ find: coll, filter: f, sort, limit, batchSize: 1000, $db: 'p' })).cursor
                .firstBatch as Document[]
            ).map((d) => d._id);
          expect(await ids(indexed)).toEqual(await ids(plain));
        },
      ),
      { numRuns: 200 },
    );
    await plain.close();
    await indexed.close();
  });
});

describe('lookups that answer a filter without testing the documents', () => {
  it('are trusted only when the equality stands alone', async () => {
    const engine = await MongoEngine.open(new MemoryMongoStorage());
    const run = (body: Document) => engine.command({ ...body, $db: 'p' });
    await run({ createIndexes: 'c', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
    await run({
      insert: 'c',
      documents: [
        { _id: 1, a: 1 },
        { _id: 2, a: 2 },
        { _id: 3, a: [1, 3] },
      ],
    });
    const ids = async (filter: Document) =>
      ((await run({ find: 'c', filter, sort: { _id: 1 } })).cursor.firstBatch as Document[]).map(
        (d) => d._id,
      );
    expect(await ids({ a: { $in: [1, 2] } })).toEqual([1, 2, 3]);
    expect(await ids({ a: { $in: [1], $nin: [3] } })).toEqual([1]);
    expect(await ids({ a: { $eq: 1, $ne: 1 } })).toEqual([]);
    expect(await ids({ _id: { $in: [1, 3, 9] } })).toEqual([1, 3]);
    expect(await ids({ _id: { $in: [1, 3], $nin: [3] } })).toEqual([1]);
    expect(await ids({ _id: { $eq: 2, $ne: 2 } })).toEqual([]);
    await engine.close();
  });
});

describe('a filter no stored document can match', () => {
  const run = (e: MongoEngine, body: Document) => e.command({ ...body, $db: 'p' });

  it('is still refused when malformed, by find and by a guarded upsert, as MongoDB refuses it', async () => {
    const engine = await MongoEngine.open(new MemoryMongoStorage());
    await run(engine, { insert: 'c', documents: [{ _id: 1, n: 1 }] });
    expect(await run(engine, { find: 'c', filter: { _id: 2, n: { $bogus: 1 } } })).toMatchObject({
      ok: 0,
      code: 2,
    });
    const upsert = await run(engine, {
      update: 'c',
      updates: [{ q: { _id: 3, n: { $lt: 5, $bogus: 1 } }, u: { $set: { m: 1 } }, upsert: true }],
    });
    expect(upsert.writeErrors).toEqual([expect.objectContaining({ code: 2 })]);
    expect((await run(engine, { find: 'c', filter: {}, sort: { _id: 1 } })).cursor.firstBatch).toEqual([
      { _id: 1, n: 1 },
    ]);
    await engine.close();
  });

  it('finds nothing and upserts from its equalities when it is plain comparisons on an absent _id', async () => {
    const engine = await MongoEngine.open(new MemoryMongoStorage());
    await run(engine, { insert: 'c', documents: [{ _id: 1, n: 1 }] });
    expect((await run(engine, { find: 'c', filter: { _id: 2, n: { $lt: 5 } } })).cursor.firstBatch).toEqual(
      [],
    );
    const upsert = await run(engine, {
      update: 'c',
      updates: [
        {
          q: { _id: 2, n: { $lt: Long.fromNumber(5), $ne: 3 }, k: 'x' },
          u: { $set: { m: 1 } },
          upsert: true,
        },
        // The stored document is tested: 1 < 5, so it is updated, not upserted again.
        { q: { _id: 1, n: { $lt: 5 } }, u: { $set: { m: 2 } }, upsert: true },
        // 1 is not above 5: the upsert meets the existing _id (duplicate key, as in MongoDB).
        { q: { _id: 1, n: { $gt: 5 } }, u: { $set: { m: 3 } }, upsert: true },
      ],
      ordered: false,
    });
    expect(upsert).toMatchObject({ n: 2, nModified: 1, upserted: [{ index: 0, _id: 2 }] });
    expect(upsert.writeErrors).toEqual([expect.objectContaining({ index: 2, code: 11000 })]);
    expect((await run(engine, { find: 'c', filter: {}, sort: { _id: 1 } })).cursor.firstBatch).toEqual([
      { _id: 1, n: 1, m: 2 },
      { _id: 2, k: 'x', m: 1 },
    ]);
    await engine.close();
  });
});
