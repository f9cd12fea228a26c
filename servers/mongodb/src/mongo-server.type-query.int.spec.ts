import {
  Binary,
  BSONRegExp,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoServerError,
  ObjectId,
  Timestamp,
  type Collection,
  type Document,
} from 'mongodb';
import { mongoForDriverTests } from './driver-fixture.testing.js';

describe('embedded MongoDB: $type on the stored BSON types', () => {
  const mongo = mongoForDriverTests('types');
  let c: Collection<Document>;

  const values: Record<string, unknown> = {
    double: 1.5,
    wholeDouble: new Double(2),
    string: 's',
    object: { a: 1 },
    array: [],
    binData: new Binary(Buffer.from([1, 2]), 4),
    objectId: new ObjectId(),
    bool: true,
    date: new Date(0),
    null: null,
    regex: new BSONRegExp('^a', 'i'),
    javascript: new Code('function () {}'),
    int: new Int32(3),
    timestamp: new Timestamp({ t: 1, i: 1 }),
    long: Long.fromNumber(4),
    decimal: Decimal128.fromString('5.5'),
    minKey: new MinKey(),
    maxKey: new MaxKey(),
  };

  beforeAll(async () => {
    c = mongo.client.db('types').collection('values');
    await c.insertMany(Object.entries(values).map(([_id, v]) => ({ _id, v })) as Document[]);
    await c.insertOne({ _id: 'longs in an array', v: ['x', Long.fromNumber(7)] } as Document);
  });

  const ids = async (type: unknown): Promise<string[]> =>
    (await c.find({ v: { $type: type } } as Document).toArray()).map((d) => String(d._id)).sort();

  it.each([
    ['double', 1, ['double', 'wholeDouble']],
    ['string', 2, ['longs in an array', 'string']],
    ['object', 3, ['object']],
    ['array', 4, ['array', 'longs in an array']],
    ['binData', 5, ['binData']],
    ['objectId', 7, ['objectId']],
    ['bool', 8, ['bool']],
    ['date', 9, ['date']],
    ['null', 10, ['null']],
    ['regex', 11, ['regex']],
    ['javascript', 13, ['javascript']],
    ['int', 16, ['int']],
    ['timestamp', 17, ['timestamp']],
    ['long', 18, ['long', 'longs in an array']],
    ['decimal', 19, ['decimal']],
    ['minKey', -1, ['minKey']],
    ['maxKey', 127, ['maxKey']],
  ])('matches %s by alias and by number %d', async (alias, code, expected) => {
    expect(await ids(alias)).toEqual(expected);
    expect(await ids(code)).toEqual(expected);
  });

  it('"number" matches the four numeric types; a list matches any of its types', async () => {
    expect(await ids('number')).toEqual([
      'decimal',
      'double',
      'int',
      'long',
      'longs in an array',
      'wholeDouble',
    ]);
    expect(await ids(['bool', 'date'])).toEqual(['bool', 'date']);
  });

  it('refuses an unknown alias or type number (code 2)', async () => {
    for (const bad of ['longg', 99]) {
      const error = await c
        .find({ v: { $type: bad } } as Document)
        .toArray()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MongoServerError);
      expect((error as MongoServerError).code).toBe(2);
    }
  });
});
