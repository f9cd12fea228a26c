import type { Decider } from '@ledger/domain';
import { type EventStreamStore, StreamConflictError } from '../streams/event-stream-store.port.js';
import { keyScopeOf } from '../idempotency/recorded-commands.js';
import { AggregateRepository, type ExpectedState, type RepositoryStats } from './aggregate-repository.js';
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

/** Throws (a domain error) when the caller may not act on a stream in this state: checked before deciding. */
export type AccessCheck<S> = (state: S) => void;

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
  private readonly lock: StreamLock;

  constructor(
    private readonly store: EventStreamStore,
    private readonly options: CommandPipelineOptions,
  ) {
    this.repository = new AggregateRepository(store, {
      cacheBytes: options.aggregateCacheBytes,
      snapshotThreshold: options.snapshotThreshold,
      keys: {
        windowMs: options.idempotencyWindowMs,
        maxPerStream: options.maxKeysPerStream,
        now: options.now,
      },
    });
    this.lock = new StreamLock(options.maxQueuedPerStream);
  }

  /** Events read, snapshots loaded, ignored and written, since this pipeline started. */
  get stats(): Readonly<RepositoryStats> {
    return this.repository.stats;
  }

  handle<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    input: PipelineCommand<C>,
    access?: AccessCheck<S>,
  ): Promise<CommandOutcome> {
    return this.lock.run(input.streamName, () => this.run(decider, input, access));
  }

  /**
   * The stream's state as this process knows it (cached, or from its snapshot and events), for a
   * command that needs facts of another stream that never change once set (an account's owner
   * and currency). Read again from the store when `isEnough` refuses what is cached.
   */
  inspect<C, E, S>(
    decider: Decider<C, E, S>,
    streamName: string,
    isEnough: (state: S) => boolean,
  ): Promise<S> {
    return this.lock.run(streamName, async () => {
      const known = await this.repository.load(streamName, decider, 'any');
      if (known.verified || isEnough(known.aggregate.state)) return known.aggregate.state;
      return (await this.repository.refresh(streamName, decider, known.aggregate)).aggregate.state;
    });
  }

  private async run<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    input: PipelineCommand<C>,
    access: AccessCheck<S> | undefined,
  ): Promise<CommandOutcome> {
    const { streamName, command, context } = input;
    let known = await this.repository.load(streamName, decider, input.expectedState ?? 'any');
    for (let conflicts = 0; ;) {
      const verdict = judge(streamName, decider, command, context, known.aggregate, access);
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
    const started = performance.now();
    const outcome = await this.store
      .append(
        streamName,
        newEventsFor(streamName, command.type, events, context),
        aggregate.revision ?? 'no_stream',
      )
      .catch((error: unknown) => {
        this.options.onAppend(
          (performance.now() - started) / 1000,
          error instanceof StreamConflictError ? 'conflict' : 'error',
        );
        throw error;
      });
    this.options.onAppend((performance.now() - started) / 1000, 'ok');
    this.repository.remember(streamName, { aggregate, decider, events }, context, outcome);
    return { ...outcome, replayed: false };
  }
}

/** Replay, access, If-Match, then the decider, in that order, on one view of the stream. */
function judge<C extends Message, E, S>(
  streamName: string,
  decider: Decider<C, E, S>,
  command: C,
  context: CommandContext,
  aggregate: LoadedAggregate<S>,
  access: AccessCheck<S> | undefined,
): Verdict<E> {
  const replayed = replayOf(streamName, aggregate, context);
  if (replayed) return { kind: 'answer', outcome: replayed };
  try {
    // Before If-Match: a caller who may not see the stream learns nothing of its revision.
    access?.(aggregate.state);
  } catch (error) {
    return { kind: 'refuse', error };
  }
  const current = aggregate.revision ?? 'no_stream';
  const expected = context.expectedRevision;
  if (expected !== undefined && (expected === 'exists' ? current === 'no_stream' : expected !== current)) {
    return { kind: 'refuse', error: new ExpectedRevisionMismatchError(streamName, expected, current) };
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
  const recorded = aggregate.commands.get(keyScopeOf(context.actor, context.idempotencyKey));
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
