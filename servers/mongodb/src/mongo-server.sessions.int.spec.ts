import { MongoServerError, type Document } from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: logical sessions', () => {
  const mongo = mongoForDriverTests('sessions');

  const listSessions = async (): Promise<Document[]> =>
    mongo.client
      .db('admin')
      .aggregate([{ $listLocalSessions: { allUsers: true } }])
      .toArray();

  it('$listLocalSessions lists the sessions commands used, with id, uid and lastUse', async () => {
    const session = mongo.client.startSession();
    await mongo.client.db('s').collection('c').insertOne({ a: 1 }, { session });
    const sessionId = session.id!.id;
    const listed = await listSessions();
    const mine = listed.find((s) => (s._id as Document).id.toString('hex') === sessionId.toString('hex'));
    expect(mine).toBeDefined();
    expect((mine!._id as Document).uid.buffer.length).toBe(32);
    expect(mine!.lastUse).toBeInstanceOf(Date);
    await session.endSession();
  });

  it('$listLocalSessions filters with the later stages', async () => {
    const since = async (date: Date) =>
      mongo.client
        .db('admin')
        .aggregate([{ $listLocalSessions: {} }, { $match: { lastUse: { $gte: date } } }, { $count: 'n' }])
        .toArray();
    expect((await since(new Date(0)))[0].n).toBeGreaterThan(0);
    expect(await since(new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('$listLocalSessions anywhere but first is refused (40602)', async () => {
    const error = await mongo.client
      .db('admin')
      .aggregate([{ $match: {} }, { $listLocalSessions: {} }])
      .toArray()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(40602);
  });
});
