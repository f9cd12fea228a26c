import { Binary, Decimal128, Double, Int32, Long, ObjectId, UUID } from 'bson';
import type { Change } from './mongo-storage.js';
import {
  decodeChanges,
  encodeChanges,
  encodeRecord,
  findRecordOfLaterGroup,
  frameRecord,
  parseRecord,
  RECORD_HEADER_BYTES,
  sealRecord,
} from './wal-record.codec.js';

const typedDoc = () => ({
  _id: new ObjectId('65a1b2c3d4e5f60718293a4b'),
  int: new Int32(7),
  long: Long.fromString('9007199254740993'),
  one: new Double(1),
  half: new Double(0.5),
  dec: Decimal128.fromString('12.3400'),
  at: new Date('2026-01-02T03:04:05.678Z'),
  bin: new Binary(Buffer.from([0, 1, 254, 255]), 0x80),
  uuid: new UUID('0e1f7c9a-3b4d-4e5f-8a9b-0c1d2e3f4a5b'),
  text: 'héllo',
  nested: { list: [new Int32(1), new Double(2), 'x', null, true] },
});

const changes = (): Change[] => [
  { t: 'createCollection', db: 'ledger', coll: 'accounts', options: {} },
  {
    t: 'createIndex',
    db: 'ledger',
    coll: 'accounts',
    spec: { key: { owner: new Int32(1) }, name: 'owner_1' },
  },
  { t: 'put', db: 'ledger', coll: 'accounts', doc: typedDoc() },
  { t: 'del', db: 'ledger', coll: 'accounts', id: new ObjectId('65a1b2c3d4e5f60718293a4c') },
  { t: 'dropIndex', db: 'ledger', coll: 'accounts', name: 'owner_1' },
  { t: 'dropCollection', db: 'ledger', coll: 'old' },
  { t: 'dropDatabase', db: 'scratch' },
];

describe('a log record', () => {
  it('decodes to the same changes with every BSON type kept', () => {
    const record = encodeRecord(encodeChanges(changes()), 42, 40);
    const parsed = parseRecord(record, 0);
    if (parsed.kind !== 'record') throw new Error(`expected a record, got ${parsed.kind}`);
    expect(parsed).toMatchObject({ seq: 42, groupFirstSeq: 40, end: record.length });
    const decoded = decodeChanges(parsed.payload);
    expect(decoded).toEqual(changes());
    const doc = (decoded[2] as Extract<Change, { t: 'put' }>).doc;
    expect(doc.int).toBeInstanceOf(Int32);
    expect(doc.one).toBeInstanceOf(Double);
    expect(doc.one.value).toBe(1);
    expect(doc.long).toBeInstanceOf(Long);
    expect(doc.long.toString()).toBe('9007199254740993');
    expect(doc.dec.toString()).toBe('12.3400');
    expect(doc.bin.sub_type).toBe(0x80);
    expect(doc.uuid.sub_type).toBe(4);
    expect(doc.at).toEqual(new Date('2026-01-02T03:04:05.678Z'));
  });

  it('keeps the length and checksum in the header', () => {
    const record = encodeRecord(encodeChanges(changes()), 1, 1);
    expect(record.readUInt32LE(0)).toBe(record.length - RECORD_HEADER_BYTES);
  });

  it.each([0, 4, 9, 17, 30, -1])('is rejected when byte %i is flipped', (position) => {
    const record = encodeRecord(encodeChanges(changes()), 5, 5);
    const at = position < 0 ? record.length + position : position;
    record[at] ^= 0x40;
    expect(parseRecord(record, 0).kind).not.toBe('record');
  });

  it('reports a record cut short as incomplete', () => {
    const record = encodeRecord(encodeChanges(changes()), 5, 5);
    expect(parseRecord(record.subarray(0, record.length - 1), 0).kind).toBe('incomplete');
    expect(parseRecord(record.subarray(0, 10), 0).kind).toBe('incomplete');
  });

  it('gets its group and checksum when sealed', () => {
    const record = frameRecord(encodeChanges(changes()), 9);
    expect(parseRecord(record, 0).kind).toBe('checksum');
    sealRecord(record, 8);
    expect(parseRecord(record, 0)).toMatchObject({ kind: 'record', seq: 9, groupFirstSeq: 8 });
  });

  it('keeps sequence numbers above 2^32', () => {
    const record = encodeRecord(encodeChanges(changes()), 2 ** 40 + 3, 2 ** 40 + 1);
    expect(parseRecord(record, 0)).toMatchObject({ seq: 2 ** 40 + 3, groupFirstSeq: 2 ** 40 + 1 });
  });
});

describe('looking past a damaged record', () => {
  const group = (first: number, count: number) =>
    Array.from({ length: count }, (_, i) => encodeRecord(encodeChanges(changes()), first + i, first));

  it('finds a record of a later write group after garbage', () => {
    const log = Buffer.concat([Buffer.from('garbage!'), ...group(5, 2), ...group(7, 1)]);
    expect(findRecordOfLaterGroup(log, 0, 5)).toMatchObject({ seq: 7, groupFirstSeq: 7 });
  });

  it('ignores records of the same write group', () => {
    const log = Buffer.concat([Buffer.from('garbage!'), ...group(5, 3)]);
    expect(findRecordOfLaterGroup(log, 0, 5)).toBeUndefined();
  });
});
