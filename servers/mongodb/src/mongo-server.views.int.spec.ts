import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient, MongoServerError, type Db, type Document } from 'mongodb';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';

const failure = async (p: Promise<unknown>): Promise<MongoServerError> => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(e)}`);
  return e;
};

describe('embedded MongoDB: views', () => {
  let dataDir: string;
  let server: EmbeddedMongoServer;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'embedded-mongodb-views-'));
    server = await startMongoServer({ port: 0, dataDir });
    client = await new MongoClient(server.uri).connect();
    db = client.db('views');
    await db.collection('accounts').insertMany([
      { _id: 1, owner: 'ann', balance: 50, open: true },
      { _id: 2, owner: 'bob', balance: 5, open: true },
      { _id: 3, owner: 'cy', balance: 500, open: false },
      { _id: 4, owner: 'dee', balance: 70, open: true },
    ] as Document[]);
    await db.createCollection('open', {
      viewOn: 'accounts',
      pipeline: [{ $match: { open: true } }, { $project: { open: 0 } }],
    });
    await db.createCollection('rich', { viewOn: 'open', pipeline: [{ $match: { balance: { $gte: 50 } } }] });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('find goes through the view pipeline, with filter, sort, skip, limit and projection', async () => {
    const open = db.collection('open');
    expect(await open.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, owner: 'ann', balance: 50 },
      { _id: 2, owner: 'bob', balance: 5 },
      { _id: 4, owner: 'dee', balance: 70 },
    ]);
    const page = await open
      .find({ balance: { $gt: 1 } }, { projection: { owner: 1, _id: 0 } })
      .sort({ balance: -1 })
      .skip(1)
      .limit(1)
      .toArray();
    expect(page).toEqual([{ owner: 'ann' }]);
  });

  it('a view on a view, aggregate, count, estimatedDocumentCount and distinct', async () => {
    const rich = db.collection('rich');
    expect((await rich.find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([1, 4]);
    expect(await rich.aggregate([{ $group: { _id: null, sum: { $sum: '$balance' } } }]).toArray()).toEqual([
      { _id: null, sum: 120 },
    ]);
    expect(await rich.countDocuments({ owner: 'ann' })).toBe(1);
    expect(await db.collection('open').estimatedDocumentCount()).toBe(3);
    expect(await db.collection('open').distinct('owner')).toEqual(['ann', 'bob', 'dee']);
  });

  it('$lookup and $unionWith read through a view', async () => {
    const owners = db.collection('owners');
    await owners.insertMany([{ _id: 'ann' }, { _id: 'cy' }] as Document[]);
    const joined = await owners
      .aggregate([
        { $lookup: { from: 'open', localField: '_id', foreignField: 'owner', as: 'open' } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(joined.map((d) => (d.open as Document[]).length)).toEqual([1, 0]);
    const union = await owners.aggregate([{ $unionWith: 'rich' }]).toArray();
    expect(union).toHaveLength(4);
  });

  it('refuses writes and indexes on a view (166), $out into one too', async () => {
    const open = db.collection('open');
    expect((await failure(open.insertOne({ x: 1 }))).code).toBe(166);
    expect((await failure(open.updateOne({}, { $set: { x: 1 } }))).code).toBe(166);
    expect((await failure(open.deleteMany({}))).code).toBe(166);
    expect((await failure(open.findOneAndUpdate({}, { $set: { x: 1 } }))).code).toBe(166);
    expect((await failure(open.createIndex({ owner: 1 }))).code).toBe(166);
    expect(
      (
        await failure(
          db
            .collection('accounts')
            .aggregate([{ $out: 'open' }])
            .toArray(),
        )
      ).code,
    ).toBe(166);
    expect(await db.collection('accounts').countDocuments()).toBe(4);
  });

  it('listCollections lists views with their definition, read-only', async () => {
    const views = (await db.listCollections({ type: 'view' }).toArray()) as Document[];
    expect(views.map((v) => v.name).sort()).toEqual(['open', 'rich']);
    const open = views.find((v) => v.name === 'open')!;
    expect(open.options).toEqual({
      viewOn: 'accounts',
      pipeline: [{ $match: { open: true } }, { $project: { open: 0 } }],
    });
    expect(open.info).toEqual({ readOnly: true });
  });

  it('survives a restart', async () => {
    await client.close();
    await server.stop();
    server = await startMongoServer({ port: 0, dataDir });
    client = await new MongoClient(server.uri).connect();
    db = client.db('views');
    expect((await db.collection('rich').find({}).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual([
      1, 4,
    ]);
    expect((await db.listCollections({ type: 'view' }).toArray()).map((v) => v.name).sort()).toEqual([
      'open',
      'rich',
    ]);
  });
});
