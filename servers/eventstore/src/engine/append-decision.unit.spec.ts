import type { AppendContext } from './append-decision.js';
import { decideAppend } from './append-decision.js';
import type { ExpectedRevision } from './expected-revision.js';
import { IdempotencyCache } from './idempotency-cache.js';
import { metadataWithTruncateBefore, parseStreamMetadata } from './stream-metadata.js';
import { StreamState } from './stream-state.js';

/** The id of the event stored at `revision` of the test stream. */
const idAt = (revision: number): string => `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`;

/** A stream holding events with ids `idAt(0)`, `idAt(1)`, … at positions 100, 200, … */
function streamWith(count: number): StreamState {
  const stream = new StreamState(0, 'orders');
  for (let revision = 0; revision < count; revision++) stream.positions.push((revision + 1) * 100);
  return stream;
}

function decide(
  stream: StreamState | undefined,
  expected: ExpectedRevision,
  eventIds: string[],
  cache = new IdempotencyCache(),
) {
  const context: AppendContext = {
    stream,
    expected,
    eventIds,
    idempotency: cache,
    eventIdAt: (_stream, revision) => idAt(revision),
  };
  return decideAppend(context);
}

const write = { kind: 'write', revive: false };

describe('deciding an append', () => {
  describe('to a stream with 3 events', () => {
    const stream = streamWith(3);

    it('writes with the current revision, any, or stream_exists', () => {
      expect(decide(stream, { kind: 'exact', revision: 2n }, ['new'])).toEqual(write);
      expect(decide(stream, { kind: 'any' }, ['new'])).toEqual(write);
      expect(decide(stream, { kind: 'stream_exists' }, ['new'])).toEqual(write);
    });

    it('answers the original result when every id matches those after the expected revision', () => {
      expect(decide(stream, { kind: 'exact', revision: 0n }, [idAt(1), idAt(2)])).toEqual({
        kind: 'answer',
        outcome: { kind: 'success', current: 2n, position: 300n },
      });
      expect(decide(stream, { kind: 'no_stream' }, [idAt(0)])).toMatchObject({
        outcome: { current: 0n, position: 100n },
      });
    });

    it('answers wrong expected version when ids differ or run past the end', () => {
      const wrong = { kind: 'answer', outcome: { kind: 'wrong_expected_version', current: 2n } };
      expect(decide(stream, { kind: 'exact', revision: 0n }, ['other'])).toMatchObject(wrong);
      expect(decide(stream, { kind: 'exact', revision: 0n }, [idAt(1), 'other'])).toMatchObject(wrong);
      expect(decide(stream, { kind: 'exact', revision: 1n }, [idAt(2), idAt(3)])).toMatchObject(wrong);
      expect(decide(stream, { kind: 'exact', revision: 7n }, ['x'])).toMatchObject(wrong);
    });

    it('recognises a retried any append from the cache of recent ids', () => {
      const cache = new IdempotencyCache();
      cache.remember(idAt(1), stream.id, 1);
      expect(decide(stream, { kind: 'any' }, [idAt(1), idAt(2)], cache)).toMatchObject({
        outcome: { kind: 'success', current: 2n },
      });
      expect(decide(stream, { kind: 'any' }, [idAt(1), 'zzz'], cache)).toMatchObject({
        outcome: { kind: 'wrong_expected_version' },
      });
    });
  });

  describe('to a stream that does not exist', () => {
    it('writes with no_stream or any, refuses stream_exists and exact revisions', () => {
      expect(decide(undefined, { kind: 'no_stream' }, ['a'])).toEqual(write);
      expect(decide(undefined, { kind: 'any' }, ['a'])).toEqual(write);
      expect(decide(undefined, { kind: 'stream_exists' }, ['a'])).toMatchObject({
        outcome: { current: 'no_stream' },
      });
      expect(decide(undefined, { kind: 'exact', revision: 0n }, ['a'])).toMatchObject({
        outcome: { current: 'no_stream' },
      });
    });
  });

  describe('to a soft-deleted stream', () => {
    const stream = streamWith(2);
    stream.metadata = parseStreamMetadata(metadataWithTruncateBefore(undefined, 'deleted'));

    it('revives it with any, no_stream or the last revision', () => {
      const revive = { kind: 'write', revive: true };
      expect(decide(stream, { kind: 'any' }, ['a'])).toEqual(revive);
      expect(decide(stream, { kind: 'no_stream' }, ['a'])).toEqual(revive);
      expect(decide(stream, { kind: 'exact', revision: 1n }, ['a'])).toEqual(revive);
    });

    it('answers stream deleted to stream_exists and wrong version to another revision', () => {
      expect(decide(stream, { kind: 'stream_exists' }, ['a'])).toMatchObject({
        outcome: { kind: 'stream_deleted' },
      });
      expect(decide(stream, { kind: 'exact', revision: 0n }, ['a'])).toMatchObject({
        outcome: { kind: 'wrong_expected_version', current: 1n },
      });
    });
  });
});
