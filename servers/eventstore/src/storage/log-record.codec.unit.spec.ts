import fc from 'fast-check';
import { checkFrame, decodeRecordHeader, encodeFrame, setFrameFlushOffset } from './log-record.codec.js';
import type { EventRecord } from './log-storage.js';

const event = (overrides: Partial<EventRecord> = {}): EventRecord => ({
  streamName: 'account-1',
  revision: 3n,
  eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  type: 'MoneyDeposited',
  contentType: 'application/json',
  created: 638_000_000_000_000_000n,
  data: Buffer.from('{"amount":100}'),
  metadata: Buffer.from('{"actor":"me"}'),
  ...overrides,
});

function decodeAll(bytes: Buffer) {
  const check = checkFrame(bytes, 0, bytes.length);
  if (check.kind !== 'valid') throw new Error(`frame ${check.kind}`);
  return check.frame.recordOffsets.map((at) => {
    const h = decodeRecordHeader(bytes, at);
    const body = at + h.bodyOffset;
    return {
      streamName: h.streamName,
      revision: h.revision,
      eventId: h.eventId,
      type: h.type,
      contentType: h.contentType,
      created: h.created,
      metadata: bytes.subarray(body, body + h.metadataLength),
      data: bytes.subarray(body + h.metadataLength, body + h.metadataLength + h.dataLength),
    };
  });
}

const normalise = (e: EventRecord) => ({
  ...e,
  data: Buffer.from(e.data),
  metadata: Buffer.from(e.metadata),
});

describe('batch frame encoding', () => {
  it('decodes what it encodes, for any events', () => {
    const arbitraryEvent = fc.record({
      streamName: fc.string({ maxLength: 40 }),
      revision: fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }),
      eventId: fc.oneof(
        fc.uuid().map((u) => u.toLowerCase()),
        fc.string({ maxLength: 40 }),
      ),
      type: fc.string({ maxLength: 30 }),
      contentType: fc.constantFrom('application/json', 'application/octet-stream', 'text/plain'),
      created: fc.bigInt({ min: 0n, max: (1n << 62n) - 1n }),
      data: fc.uint8Array({ maxLength: 300 }),
      metadata: fc.uint8Array({ maxLength: 50 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { minLength: 1, maxLength: 8 }), (batch) => {
        const frame = encodeFrame(batch);
        expect(decodeAll(frame.bytes)).toEqual(batch.map(normalise));
      }),
    );
  });

  it('gives each record an offset in the frame, in batch order', () => {
    const frame = encodeFrame([event(), event({ revision: 4n }), event({ revision: 5n })]);
    const check = checkFrame(frame.bytes, 0, frame.bytes.length);
    expect(check.kind === 'valid' && check.frame.recordOffsets).toEqual(frame.recordOffsets);
    expect(frame.recordOffsets[0]).toBeGreaterThan(0);
    expect(decodeAll(frame.bytes).map((e) => e.revision)).toEqual([3n, 4n, 5n]);
  });

  it('rejects a frame with any single byte changed', () => {
    const frame = encodeFrame([event(), event({ revision: 4n })]);
    for (let i = 0; i < frame.bytes.length; i++) {
      const bytes = Buffer.from(frame.bytes);
      bytes[i] ^= 0x20;
      expect(checkFrame(bytes, 0, bytes.length).kind).not.toBe('valid');
    }
  });

  it('calls a frame cut short incomplete', () => {
    const frame = encodeFrame([event(), event()]);
    expect(checkFrame(frame.bytes, 0, frame.bytes.length - 1).kind).toBe('incomplete');
    expect(checkFrame(frame.bytes, 0, 10).kind).toBe('incomplete');
  });

  it('stays valid after the writer sets its flush offset, which recovery reads back', () => {
    const frame = encodeFrame([event()]);
    setFrameFlushOffset(frame, 4096);
    const check = checkFrame(frame.bytes, 0, frame.bytes.length);
    expect(check.kind === 'valid' && check.frame.flushOffset).toBe(4096);
  });

  it('refuses a stream name too long for its length field', () => {
    expect(() => encodeFrame([event({ streamName: 'x'.repeat(70_000) })])).toThrow(/stream name is longer/);
  });
});
