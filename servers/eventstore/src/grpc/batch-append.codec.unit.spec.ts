import fc from 'fast-check';
import type * as TimestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import { createRequire } from 'node:module';
import type { ExpectedRevision } from '../engine/expected-revision.js';
import { batchOutcomeResponse } from './batch-append-responses.js';
import { decodeBatchAppendRequest, encodeBatchAppendSuccess } from './batch-append.codec.js';
import { emptyPb, sharedPb, streamsPb } from './generated-code.js';
import { RequestError } from './status-errors.js';

const { Timestamp } = createRequire(import.meta.url)(
  'google-protobuf/google/protobuf/timestamp_pb.js',
) as typeof TimestampPb;
const ID = '0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f9b8c';

function uuid(format: 'string' | 'structured', text = ID) {
  const id = new sharedPb.UUID();
  if (format === 'string') return id.setString(text);
  const hex = text.replace(/-/g, '');
  const structured = new sharedPb.UUID.Structured();
  structured.setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString());
  structured.setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  return id.setStructured(structured);
}

function proposed(
  format: 'string' | 'structured',
  id: string,
  data: Uint8Array,
  extra: Record<string, string> = {},
) {
  const message = new streamsPb.BatchAppendReq.ProposedMessage();
  message.setId(uuid(format, id));
  const metadata = message.getMetadataMap();
  for (const [key, value] of Object.entries({
    type: 'MoneyDeposited',
    'content-type': 'application/json',
    ...extra,
  }))
    metadata.set(key, value);
  message.setCustomMetadata(Buffer.from('{"actor":"me"}'));
  message.setData(data);
  return message;
}

function request(expected: ExpectedRevision, format: 'string' | 'structured' = 'string'): Buffer {
  const options = new streamsPb.BatchAppendReq.Options();
  const identifier = new sharedPb.StreamIdentifier();
  identifier.setStreamName(Buffer.from('compte-é€'));
  options.setStreamIdentifier(identifier);
  if (expected.kind === 'exact') options.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'no_stream') options.setNoStream(new emptyPb.Empty());
  else if (expected.kind === 'any') options.setAny(new emptyPb.Empty());
  else options.setStreamExists(new emptyPb.Empty());
  options.setDeadline(new Timestamp().setSeconds(1_700_000_000).setNanos(250_000_000));
  const req = new streamsPb.BatchAppendReq();
  req.setCorrelationId(uuid('string', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'));
  req.setOptions(options);
  req.setProposedMessagesList([
    proposed(format, 'FFFFFFFF-ffff-4fff-8fff-ffffffffffff', Buffer.from('{"amount":1}')),
    proposed(format, ID, new Uint8Array(), { 'content-type': 'text/plain', other: 'x' }),
  ]);
  req.setIsFinal(true);
  return Buffer.from(req.serializeBinary());
}

const expectations: ExpectedRevision[] = [
  { kind: 'exact', revision: 0n },
  { kind: 'exact', revision: 41n },
  { kind: 'exact', revision: 2n ** 60n },
  { kind: 'no_stream' },
  { kind: 'any' },
  { kind: 'stream_exists' },
];

describe('BatchAppend requests decoded by hand', () => {
  it.each(expectations.flatMap((e) => (['string', 'structured'] as const).map((f) => [e, f] as const)))(
    'read what the client wrote: %j, %s ids',
    (expected, format) => {
      const chunk = decodeBatchAppendRequest(request(expected, format));
      expect(chunk.isFinal).toBe(true);
      expect(chunk.options).toEqual({ streamName: 'compte-é€', expected, deadline: 1_700_000_000_250 });
      expect(sharedPb.UUID.deserializeBinary(chunk.correlationId!).getString()).toBe(
        'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      );
      expect(
        chunk.events.map((e) => ({
          ...e,
          data: Buffer.from(e.data).toString(),
          metadata: Buffer.from(e.metadata).toString(),
        })),
      ).toEqual([
        {
          eventId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
          type: 'MoneyDeposited',
          contentType: 'application/json',
          data: '{"amount":1}',
          metadata: '{"actor":"me"}',
        },
        {
          eventId: ID,
          type: 'MoneyDeposited',
          contentType: 'application/octet-stream',
          data: '',
          metadata: '{"actor":"me"}',
        },
      ]);
    },
  );

  it('reads a later chunk (no options) and the absence of is_final', () => {
    const req = new streamsPb.BatchAppendReq();
    req.setCorrelationId(uuid('structured'));
    req.setProposedMessagesList([proposed('string', ID, Buffer.from('x'))]);
    const chunk = decodeBatchAppendRequest(Buffer.from(req.serializeBinary()));
    expect(chunk).toMatchObject({ options: undefined, isFinal: false });
    expect(chunk.events).toHaveLength(1);
  });

  it('marks the append of an event without a type, or with an id that is not a UUID, as refused', () => {
    const req = (message: InstanceType<typeof streamsPb.BatchAppendReq.ProposedMessage>) =>
      Buffer.from(
        new streamsPb.BatchAppendReq()
          .setCorrelationId(uuid('string'))
          .setProposedMessagesList([proposed('string', ID, Buffer.from('x')), message])
          .setIsFinal(true)
          .serializeBinary(),
      );
    const untyped = proposed('string', ID, Buffer.from('x'));
    untyped.getMetadataMap().del('type');
    // The chunk still names its append, so that append alone can be answered.
    expect(decodeBatchAppendRequest(req(untyped))).toMatchObject({
      problem: expect.stringMatching(/Required metadata/),
      events: [],
      isFinal: true,
      correlationId: expect.any(Buffer),
    });
    expect(decodeBatchAppendRequest(req(proposed('string', 'not-a-uuid', Buffer.from('x'))))).toMatchObject({
      problem: expect.stringMatching(/Invalid event id/),
      events: [],
    });
  });

  it('answers any cut or corrupted request with a request error, never anything else', () => {
    const valid = request({ kind: 'any' });
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.nat(255), fc.nat(valid.length - 1), (cut, byte, at) => {
        const damaged = Buffer.from(valid.subarray(0, cut + 1));
        if (at < damaged.length) damaged[at] = byte;
        try {
          decodeBatchAppendRequest(damaged);
        } catch (error) {
          expect(error).toBeInstanceOf(RequestError);
        }
      }),
    );
  });
});

describe('BatchAppend successes encoded by hand', () => {
  const correlationId = Buffer.from(uuid('string').serializeBinary());
  const cases = expectations.flatMap((expected) =>
    [
      { current: 0n, position: 0n },
      { current: 7n, position: 123_456_789n },
      { current: 'no_stream' as const, position: undefined },
      { current: 2n ** 60n, position: 2n ** 50n },
    ].map((outcome) => [expected, outcome] as const),
  );

  it.each(cases)('is byte for byte what google-protobuf writes: %j, %j', (expected, outcome) => {
    for (const id of [correlationId, undefined]) {
      const target = { correlationId: id, streamName: 'compte-é€', expected };
      const reference = batchOutcomeResponse(target, { kind: 'success', ...outcome }).serializeBinary();
      expect(encodeBatchAppendSuccess({ ...target, ...outcome }).toString('hex')).toBe(
        Buffer.from(reference).toString('hex'),
      );
    }
  });
});
