import type { Decider } from '@ledger/domain';
import { type EventStreamStore, StreamConflictError } from '../streams/event-stream-store.port.js';
import { AggregateRepository, type ExpectedState } from './aggregate-repository.js';
import type { CommandContext, CommandOutcome } from './command-context.js';
import {
  ConflictRetriesExhaustedError,
  ExpectedRevisionMismatchError,
  IdempotencyKeyReusedError,
} from './command-pipeline.errors.js';
import type { CommandPipelineOptions } from './command-pipeline.options.js';
import type { LoadedAggregate } from './loaded-aggregate.js';
import { newEventsFor } from './new-events.factory.js';
import { StreamLock } from './stream-lock.js';

type Message = { type: string; data: object };
export type PipelineCommand<C extends Message> = {
  streamName: string;
  command: C;
  context: CommandContext;
  /** 'new' for a command that creates its stream: decided without reading it first when nothing is cached. */
  expectedState?: ExpectedState;
};

/** What a command comes to on some knowledge of its stream. */
type Verdict<E> =
  | { kind: 'answer'; outcome: CommandOutcome }
  | { kind: 'append'; events: E[] }
  | { kind: 'refuse'; error: unknown }
  | { kind: 'nothing-to-do' };

/**
 * Load → decide → append with the expected revision (STYLE.md rule 7). Reused by every
 * command handler and by the transfer workflow.
 *
 * Commands are decided on what this process already knows (the cached stream, or the initial
 * state of a stream expected to be new) and appended at that revision: a stale guess makes the
 * append fail, and the command is decided again on the stream read on from there. A refusal
 * (domain error, If-Match mismatch) or a no-op found on a guess is checked on the stream first.
 * A keyed command needs no read either: its event ids depend on the request (eventIdFor), so the
 * store answers a retry of a stored request as it did the first time and refuses any other use
 * of the key; a key found in the known stream answers at once.
 */
export class CommandPipeline {
  private readonly repository: AggregateRepository;
  private readonly lock = new StreamLock();

  constructor(
    private readonly store: EventStreamStore,
    private readonly options: CommandPipelineOptions,
  ) {
    this.repository = new AggregateRepository(store, options.aggregateCacheWeight);
  }

  handle<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    input: PipelineCommand<C>,
  ): Promise<CommandOutcome> {
    return this.lock.run(input.streamName, () => this.run(decider, input));
  }

  private async run<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    input: PipelineCommand<C>,
  ): Promise<CommandOutcome> {
    const { streamName, command, context } = input;
    let known = await this.repository.load(streamName, decider, input.expectedState ?? 'any');
    for (let conflicts = 0; ;) {
      const verdict = judge(streamName, decider, command, context, known.aggregate);
      if (verdict.kind === 'answer') return verdict.outcome;
      if (verdict.kind !== 'append' && !known.verified) {
        known = await this.repository.refresh(streamName, decider, known.aggregate);
        continue;
      }
      if (verdict.kind === 'refuse') throw verdict.error;
      if (verdict.kind === 'nothing-to-do') return currentOutcome(known.aggregate);
      const expected = known.aggregate.revision ?? 'no_stream';
      try {
        return await this.append(decider, input, known.aggregate, verdict.events);
      } catch (error) {
        if (!(error instanceof StreamConflictError)) throw error;
        if (++conflicts > this.options.maxConflictRetries) {
          throw new ConflictRetriesExhaustedError(streamName, expected, error.actual, conflicts);
        }
        // A stale guess needs no pause; losing a race on fresh state does.
        if (known.verified) await backoff(conflicts - 1);
        known = await this.repository.refresh(streamName, decider, known.aggregate);
      }
    }
  }

  private async append<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    { streamName, command, context }: PipelineCommand<C>,
    aggregate: LoadedAggregate<S>,
    events: E[],
  ): Promise<CommandOutcome> {
    const outcome = await this.store.append(
      streamName,
      newEventsFor(command.type, events, context),
      aggregate.revision ?? 'no_stream',
    );
    this.repository.remember(streamName, { aggregate, decider, events }, context, outcome);
    return { ...outcome, replayed: false };
  }
}

/** Replay, If-Match, then the decider, in that order, on one view of the stream. */
function judge<C extends Message, E, S>(
  streamName: string,
  decider: Decider<C, E, S>,
  command: C,
  context: CommandContext,
  aggregate: LoadedAggregate<S>,
): Verdict<E> {
  const replayed = replayOf(streamName, aggregate, context);
  if (replayed) return { kind: 'answer', outcome: replayed };
  const current = aggregate.revision ?? 'no_stream';
  if (context.expectedRevision !== undefined && context.expectedRevision !== current) {
    return {
      kind: 'refuse',
      error: new ExpectedRevisionMismatchError(streamName, context.expectedRevision, current),
    };
  }
  try {
    const events = decider.decide(command, aggregate.state);
    return events.length === 0 ? { kind: 'nothing-to-do' } : { kind: 'append', events };
  } catch (error) {
    return { kind: 'refuse', error };
  }
}

/** A keyed command found in the stream is a fact, true of any later state: it answers as it did then. */
function replayOf(
  streamName: string,
  aggregate: LoadedAggregate<unknown>,
  context: CommandContext,
): CommandOutcome | undefined {
  if (context.idempotencyKey === undefined) return undefined;
  const recorded = aggregate.commands.get(context.idempotencyKey);
  if (!recorded) return undefined;
  if (recorded.requestHash !== context.requestHash) throw new IdempotencyKeyReusedError(streamName);
  return { revision: recorded.revision, position: recorded.position, replayed: true };
}

function currentOutcome(aggregate: LoadedAggregate<unknown>): CommandOutcome {
  return { revision: aggregate.revision ?? -1n, position: aggregate.position ?? 0n, replayed: false };
}

/** Jittered so that writers from several processes stop colliding. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * 5 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
