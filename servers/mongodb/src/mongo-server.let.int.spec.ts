import { MongoServerError, type Collection, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: let variables ($$name) on commands', () => {
  const mongo = mongoForDriverTests('let');

  const seeded = async (): Promise<Collection<Document>> => {
    const c = mongo.fresh();
    await c.insertMany([
      { _id: 1, amount: 5 },
      { _id: 2, amount: 15 },
      { _id: 3, amount: 25 },
    ] as Document[]);
    return c;
  };
  const above = { $expr: { $gt: ['$amount', '$$min'] } };
  const ids = async (c: Collection<Document>) => (await c.find({}).toArray()).map((d) => d._id);

  it('find filters with $expr over a variable, which may itself be an expression', async () => {
    const c = await seeded();
    expect((await c.find(above, { let: { min: 10 } }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    const computed = await c.find(above, { let: { min: { $add: [10, 10] } } }).toArray();
    expect(computed.map((d) => d._id)).toEqual([3]);
  });

  it('aggregate uses variables in $match and later stages', async () => {
    const c = await seeded();
    const out = await c
      .aggregate(
        [
          { $match: above },
          { $project: { over: { $subtract: ['$amount', '$$min'] } } },
          { $sort: { _id: 1 } },
        ],
        { let: { min: 10 } },
      )
      .toArray();
    expect(out).toEqual([
      { _id: 2, over: 5 },
      { _id: 3, over: 15 },
    ]);
  });

  it('update filters and pipeline-updates with variables', async () => {
    const c = await seeded();
    const result = await c.updateMany(above, [{ $set: { flagged: '$$label' } }], {
      let: { min: 10, label: 'big' },
    });
    expect(result.modifiedCount).toBe(2);
    expect(await c.find({ flagged: 'big' }).toArray()).toHaveLength(2);
  });

  it('delete and findAndModify filter with variables', async () => {
    const c = await seeded();
    expect((await c.deleteMany(above, { let: { min: 20 } })).deletedCount).toBe(1);
    expect(await ids(c)).toEqual([1, 2]);
    const found = await c.findOneAndUpdate(
      above,
      { $set: { seen: true } },
      { let: { min: 10 }, returnDocument: 'after' },
    );
    expect(found).toEqual({ _id: 2, amount: 15, seen: true });
  });

  it('bulk writes share the command-level variables', async () => {
    const c = await seeded();
    await c.bulkWrite(
      [
        { updateMany: { filter: above, update: { $set: { tier: 'high' } } } },
        { deleteMany: { filter: { $expr: { $lt: ['$amount', '$$floor'] } } } },
      ],
      { let: { min: 20, floor: 10 } },
    );
    expect(await c.find({}).toArray()).toEqual([
      { _id: 2, amount: 15 },
      { _id: 3, amount: 25, tier: 'high' },
    ]);
  });

  it('refuses an undefined variable and an invalid variable name', async () => {
    const c = await seeded();
    const undefinedVariable = await c
      .find(above)
      .toArray()
      .catch((e: unknown) => e);
    expect(undefinedVariable).toBeInstanceOf(MongoServerError);
    expect((undefinedVariable as MongoServerError).code).toBe(17276);
    const badName = await c
      .find(above, { let: { Min: 1 } })
      .toArray()
      .catch((e: unknown) => e);
    expect(badName).toBeInstanceOf(MongoServerError);
    expect((badName as MongoServerError).code).toBe(16870);
  });
});
