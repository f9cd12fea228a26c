import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoBulkWriteError, MongoClient, MongoServerError, type Db, type Document } from 'mongodb';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';

const failure = async (p: Promise<unknown>): Promise<MongoServerError> => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(e)}`);
  return e;
};

const accountSchema = {
  $jsonSchema: {
    bsonType: 'object',
    required: ['owner', 'balance'],
    properties: {
      owner: { bsonType: 'string', description: 'who holds the account' },
      balance: { bsonType: ['int', 'long', 'decimal'], minimum: 0 },
    },
  },
};

describe('embedded MongoDB: document validation', () => {
  let dataDir: string;
  let server: EmbeddedMongoServer;
  let client: MongoClient;
  let db: Db;
  let seq = 0;
  const name = () => `c${++seq}`;
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'embedded-mongodb-validation-'));
    server = await startMongoServer({ port: 0, dataDir, log: (line) => logged.push(line) });
    client = await new MongoClient(server.uri).connect();
    db = client.db('validation');
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a query validator refuses an insert with 121 and errInfo naming the document and the operator', async () => {
    const c = await db.createCollection(name(), { validator: { balance: { $gte: 0 } } });
    await c.insertOne({ _id: 1, balance: 5 } as Document);
    const error = await failure(c.insertOne({ _id: 2, balance: -5 } as Document));
    expect(error.code).toBe(121);
    expect(error.errInfo).toEqual({
      failingDocumentId: 2,
      details: {
        operatorName: '$gte',
        specifiedAs: { balance: { $gte: 0 } },
        reason: 'comparison failed',
        consideredValue: -5,
      },
    });
    expect(await c.countDocuments()).toBe(1);
  });

  it('a $jsonSchema validator details the rules not satisfied', async () => {
    const c = await db.createCollection(name(), { validator: accountSchema });
    await c.insertOne({ _id: 1, owner: 'ann', balance: 0 } as Document);
    const missing = await failure(c.insertOne({ _id: 2, balance: 1 } as Document));
    expect(missing.code).toBe(121);
    expect(missing.errInfo?.details).toEqual({
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: [
        {
          operatorName: 'required',
          specifiedAs: { required: ['owner', 'balance'] },
          missingProperties: ['owner'],
        },
      ],
    });
    const wrong = await failure(c.insertOne({ _id: 3, owner: 'bob', balance: 1.5 } as Document));
    const [rule] = wrong.errInfo?.details.schemaRulesNotSatisfied as Document[];
    expect(rule.operatorName).toBe('properties');
    expect(rule.propertiesNotSatisfied[0].propertyName).toBe('balance');
    expect(rule.propertiesNotSatisfied[0].details[0]).toMatchObject({
      operatorName: 'bsonType',
      reason: 'type did not match',
      consideredType: 'double',
    });
  });

  it('checks updates, upserts, findAndModify and bulk writes, leaving documents as they were', async () => {
    const c = await db.createCollection(name(), { validator: { balance: { $gte: 0 } } });
    await c.insertOne({ _id: 1, balance: 5 } as Document);
    expect((await failure(c.updateOne({ _id: 1 } as Document, { $inc: { balance: -10 } }))).code).toBe(121);
    expect(
      (await failure(c.updateOne({ _id: 9 } as Document, { $set: { balance: -1 } }, { upsert: true }))).code,
    ).toBe(121);
    expect((await failure(c.findOneAndUpdate({ _id: 1 } as Document, { $set: { balance: -1 } }))).code).toBe(
      121,
    );
    const bulk = await c
      .bulkWrite([
        { insertOne: { document: { _id: 2, balance: 1 } } },
        { insertOne: { document: { _id: 3, balance: -1 } } },
        { insertOne: { document: { _id: 4, balance: 1 } } },
      ] as never)
      .catch((e: unknown) => e);
    expect(bulk).toBeInstanceOf(MongoBulkWriteError);
    expect((bulk as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 121 }]);
    expect(await c.find({}).toArray()).toEqual([
      { _id: 1, balance: 5 },
      { _id: 2, balance: 1 },
    ]);
  });

  it('collMod sets a validator; moderate lets already-invalid documents be updated, strict does not', async () => {
    const collName = name();
    const c = db.collection(collName);
    await c.insertMany([
      { _id: 'bad', balance: -1 },
      { _id: 'good', balance: 1 },
    ] as Document[]);
    await db.command({ collMod: collName, validator: { balance: { $gte: 0 } }, validationLevel: 'moderate' });
    await c.updateOne({ _id: 'bad' } as Document, { $set: { note: 'still negative' } });
    expect((await failure(c.updateOne({ _id: 'good' } as Document, { $set: { balance: -2 } }))).code).toBe(
      121,
    );
    await db.command({ collMod: collName, validationLevel: 'strict' });
    expect((await failure(c.updateOne({ _id: 'bad' } as Document, { $set: { note: 'x' } }))).code).toBe(121);
    expect((await failure(db.command({ collMod: 'missing', validationLevel: 'off' }))).code).toBe(26);
  });

  it('validationAction warn logs the failure and lets it in; bypassDocumentValidation lets it in', async () => {
    const warnedName = name();
    const warned = await db.createCollection(warnedName, {
      validator: { balance: { $gte: 0 } },
      validationAction: 'warn',
    });
    await warned.insertOne({ balance: -1 });
    expect(await warned.countDocuments()).toBe(1);
    const warning = logged.find((line) => line.includes(`validation.${warnedName}`));
    expect(warning).toMatch(/^Document would fail validation .*"operatorName":"\$gte"/);
    const strict = await db.createCollection(name(), { validator: { balance: { $gte: 0 } } });
    await strict.insertOne({ balance: -1 }, { bypassDocumentValidation: true });
    expect(await strict.countDocuments()).toBe(1);
  });

  it('$jsonSchema also works as a query operator in find', async () => {
    const c = db.collection(name());
    await c.insertMany([
      { _id: 1, owner: 'ann', balance: 3 },
      { _id: 2, owner: 'bob', balance: 2.5 },
      { _id: 3, balance: 1 },
    ] as Document[]);
    expect((await c.find(accountSchema).toArray()).map((d) => d._id)).toEqual([1]);
  });

  it('keeps validators in the catalog: listed, and enforced after a restart', async () => {
    const collName = name();
    await db.createCollection(collName);
    await db.command({ collMod: collName, validator: accountSchema });
    const [info] = (await db.listCollections({ name: collName }).toArray()) as Document[];
    expect(info.options.validator).toEqual(accountSchema);
    await client.close();
    await server.stop();
    server = await startMongoServer({ port: 0, dataDir });
    client = await new MongoClient(server.uri).connect();
    db = client.db('validation');
    expect((await failure(db.collection(collName).insertOne({ owner: 'x' }))).code).toBe(121);
  });
});
