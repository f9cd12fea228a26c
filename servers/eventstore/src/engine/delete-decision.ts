import { currentRevision } from './append-decision.js';
import type { ExpectedRevision } from './expected-revision.js';
import type { StreamDeleted, WrongExpectedVersion } from './outcomes.js';
import type { StreamState } from './stream-state.js';

/** Checks a delete's or tombstone's expected revision; `undefined` means go ahead. */
export function refuseDelete(
  stream: StreamState | undefined,
  expected: ExpectedRevision,
): WrongExpectedVersion | StreamDeleted | undefined {
  if (stream?.tombstoned) return { kind: 'stream_deleted' };
  // A stream with only metadata (or none at all) counts as absent.
  const last = stream ? stream.positions.length - 1 : -1;
  const wrong: WrongExpectedVersion = {
    kind: 'wrong_expected_version',
    expected,
    current: currentRevision(last),
  };
  switch (expected.kind) {
    case 'any':
      return undefined;
    case 'no_stream':
      return last < 0 ? undefined : wrong;
    case 'stream_exists':
      if (stream?.softDeleted) return { kind: 'stream_deleted' };
      return last >= 0 ? undefined : wrong;
    case 'exact':
      return expected.revision === BigInt(last) ? undefined : wrong;
    default: {
      const unknown: never = expected;
      throw new Error(`Unknown expected revision ${JSON.stringify(unknown)}`);
    }
  }
}
