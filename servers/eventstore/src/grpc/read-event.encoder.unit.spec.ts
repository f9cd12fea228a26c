import type { ResolvedEvent } from '../engine/event-reader.js';
import type { StoredEvent } from '../storage/log-storage.js';
import { streamsPb } from './generated-code.js';
import { encodeEventResponse } from './read-event.encoder.js';
import type { UuidFormat } from './read-responses.js';
import { eventResponseMessage } from './read-responses.js';

const stored = (overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  streamName: 'account-42',
  revision: 7n,
  eventId: '0b6f1c2e-8a4d-4f7e-9c3b-5d2a1e0f9b8c',
  type: 'MoneyDeposited',
  contentType: 'application/json',
  created: 638_000_000_000_000_000n,
  data: Buffer.from('{"amount":100}'),
  metadata: Buffer.from('{"actor":"x"}'),
  position: 123_456n,
  ...overrides,
});

const cases: [string, ResolvedEvent][] = [
  ['a plain event', { event: stored(), link: undefined, position: 123_456n }],
  [
    'another creation time between two of the same (the last one is remembered)',
    { event: stored({ created: 638_000_000_000_000_001n }), link: undefined, position: 123_456n },
  ],
  [
    'the first event of the log (revision and position 0)',
    { event: stored({ revision: 0n, position: 0n }), link: undefined, position: 0n },
  ],
  [
    'empty data and metadata, non-ASCII names',
    {
      event: stored({
        data: new Uint8Array(),
        metadata: new Uint8Array(),
        streamName: 'compte-é€-😀',
        type: 'Überwiesen',
      }),
      link: undefined,
      position: 9n,
    },
  ],
  [
    'a tombstone (revision 2^63 - 1)',
    {
      event: stored({
        revision: 9_223_372_036_854_775_807n,
        type: '$streamDeleted',
        contentType: 'application/octet-stream',
      }),
      link: undefined,
      position: 2n ** 40n,
    },
  ],
  [
    'a resolved link',
    {
      event: stored(),
      link: stored({
        streamName: '$ce-account',
        type: '$>',
        data: Buffer.from('7@account-42'),
        revision: 3n,
        position: 999n,
      }),
      position: 999n,
    },
  ],
  [
    'large bodies (multi-byte lengths)',
    {
      event: stored({ data: Buffer.alloc(70_000, 1), metadata: Buffer.alloc(300, 2) }),
      link: undefined,
      position: 1n,
    },
  ],
  [
    'ids whose halves read as negative int64',
    { event: stored({ eventId: 'ffffffff-ffff-4fff-8fff-ffffffffffff' }), link: undefined, position: 5n },
  ],
  [
    'an id with a zero half',
    { event: stored({ eventId: '00000000-0000-0000-0000-000000000001' }), link: undefined, position: 5n },
  ],
];

describe('the hand-written ReadResp event encoding', () => {
  it.each(
    cases.flatMap(([name, resolved]) =>
      (['string', 'structured'] as UuidFormat[]).map((f) => [name, f, resolved] as const),
    ),
  )('is byte for byte what google-protobuf writes: %s, %s ids', (_name, format, resolved) => {
    const expected = Buffer.from(eventResponseMessage(resolved, format).serializeBinary());
    expect(encodeEventResponse(resolved, format).toString('hex')).toBe(expected.toString('hex'));
  });

  it('decodes with the client classes into the same event', () => {
    const resolved = cases.find(([name]) => name === 'a resolved link')![1];
    const decoded = streamsPb.ReadResp.deserializeBinary(encodeEventResponse(resolved, 'string'));
    const event = decoded.getEvent()!.getEvent()!;
    expect(event.getStreamIdentifier()!.getStreamName_asU8()).toEqual(
      new Uint8Array(Buffer.from('account-42')),
    );
    expect(event.getMetadataMap().get('type')).toBe('MoneyDeposited');
    expect(decoded.getEvent()!.getLink()!.getData_asU8()).toEqual(
      new Uint8Array(Buffer.from('7@account-42')),
    );
    expect(decoded.getEvent()!.getCommitPosition()).toBe('999');
  });
});
