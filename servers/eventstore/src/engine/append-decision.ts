import type { ExpectedRevision } from './expected-revision.js';
import type { IdempotencyCache } from './idempotency-cache.js';
import type { AppendOutcome, CurrentRevision } from './outcomes.js';
import type { StreamState } from './stream-state.js';

export type AppendDecision = { kind: 'write'; revive: boolean } | { kind: 'answer'; outcome: AppendOutcome };

export interface AppendContext {
  stream: StreamState | undefined;
  expected: ExpectedRevision;
  eventIds: readonly string[];
  idempotency: IdempotencyCache;
  /** The id of the stored event at `revision` of the stream. */
  eventIdAt(stream: StreamState, revision: number): string;
}

const write: AppendDecision = { kind: 'write', revive: false };
const revive: AppendDecision = { kind: 'write', revive: true };

/** Applies the expected-revision rules (with idempotent re-appends) to one append. */
export function decideAppend(context: AppendContext): AppendDecision {
  const { stream, expected } = context;
  const last = stream ? stream.positions.length - 1 : -1;
  const wrong: AppendDecision = answer({
    kind: 'wrong_expected_version',
    expected,
    current: currentRevision(last),
  });
  if (stream?.softDeleted) {
    // A soft-deleted stream comes back on write; its numbering continues.
    switch (expected.kind) {
      case 'any':
      case 'no_stream':
        return revive;
      case 'stream_exists':
        return answer({ kind: 'stream_deleted' });
      case 'exact':
        return expected.revision === BigInt(last) ? revive : wrong;
      default:
        return unreachable(expected);
    }
  }
  switch (expected.kind) {
    case 'any':
      return fromCache(context) ?? write;
    case 'stream_exists':
      return last < 0 ? wrong : (fromCache(context) ?? write);
    case 'no_stream':
      return last < 0 ? write : replayFrom(context, -1, wrong);
    case 'exact': {
      const revision = expected.revision;
      if (revision === BigInt(last)) return write;
      return revision < BigInt(last) && revision >= -1n
        ? replayFrom(context, Number(revision), wrong)
        : wrong;
    }
    default:
      return unreachable(expected);
  }
}

export function currentRevision(last: number): CurrentRevision {
  return last >= 0 ? BigInt(last) : 'no_stream';
}

/** An `any`/`stream_exists` append whose first id this stream stored recently is a retry. */
function fromCache(context: AppendContext): AppendDecision | undefined {
  const { stream, eventIds } = context;
  if (!stream || eventIds.length === 0) return undefined;
  const first = context.idempotency.revisionOf(eventIds[0]!, stream.id);
  if (first === undefined) return undefined;
  const wrong = answer({
    kind: 'wrong_expected_version',
    expected: context.expected,
    current: currentRevision(stream.positions.length - 1),
  });
  return replayFrom(context, first - 1, wrong);
}

/** Compares the proposed ids with those stored after `after`: all equal means already written. */
function replayFrom(context: AppendContext, after: number, wrong: AppendDecision): AppendDecision {
  const { stream, eventIds } = context;
  if (!stream || eventIds.length === 0) return wrong;
  const last = stream.positions.length - 1;
  for (let index = 0; index < eventIds.length; index++) {
    const revision = after + 1 + index;
    if (revision > last || context.eventIdAt(stream, revision) !== eventIds[index]) return wrong;
  }
  const revision = after + eventIds.length;
  return answer({ kind: 'success', current: BigInt(revision), position: stream.positionOf(revision) });
}

function answer(outcome: AppendOutcome): AppendDecision {
  return { kind: 'answer', outcome };
}

function unreachable(value: never): never {
  throw new Error(`Unknown expected revision ${JSON.stringify(value)}`);
}
