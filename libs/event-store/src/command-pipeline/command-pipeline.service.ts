import type { Decider } from '@ledger/domain';
import { eventIdFor } from '../idempotency/idempotency-ids.js';
import { type EventStreamStore, StreamConflictError } from '../streams/event-stream-store.port.js';
import { AggregateRepository, type Loaded } from './aggregate-repository.js';
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
export type PipelineCommand<C extends Message> = { streamName: string; command: C; context: CommandContext };

/**
 * Load → decide → append with the expected revision (STYLE.md rule 7). Reused by every
 * command handler and by the transfer workflow.
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
    return this.lock.run(input.streamName, () => this.attempt(decider, input, 0));
  }

  private async attempt<C extends Message, E extends Message, S>(
    decider: Decider<C, E, S>,
    input: PipelineCommand<C>,
    attempt: number,
  ): Promise<CommandOutcome> {
    const { streamName, command, context } = input;
    // Keyed and If-Match commands answer from what the stream holds now, so they read on from the cache.
    const mustCatchUp = context.idempotencyKey !== undefined || context.expectedRevision !== undefined;
    const loaded = await this.repository.load(streamName, decider, mustCatchUp);
    const replayed = replayOf(streamName, loaded.aggregate, context);
    if (replayed) return replayed;
    const current = loaded.aggregate.revision ?? 'no_stream';
    if (context.expectedRevision !== undefined && context.expectedRevision !== current) {
      throw new ExpectedRevisionMismatchError(streamName, context.expectedRevision, current);
    }
    const { events, aggregate } = await this.decide(streamName, decider, command, loaded);
    if (events.length === 0)
      return { revision: aggregate.revision ?? -1n, position: aggregate.position ?? 0n, replayed: false };
    const expected = aggregate.revision ?? 'no_stream';
    try {
      const outcome = await this.store.append(
        streamName,
        newEventsFor(command.type, events, context),
        expected,
      );
      this.repository.remember(streamName, { aggregate, decider, events }, context, outcome);
      return { ...outcome, replayed: false };
    } catch (error) {
      if (!(error instanceof StreamConflictError)) throw error;
      this.repository.forget(streamName);
      if (context.expectedRevision !== undefined) {
        throw new ExpectedRevisionMismatchError(streamName, context.expectedRevision, error.actual);
      }
      if (attempt >= this.options.maxConflictRetries) {
        throw new ConflictRetriesExhaustedError(streamName, expected, error.actual, attempt + 1);
      }
      await backoff(attempt);
      return this.attempt(decider, input, attempt + 1);
    }
  }

  /** A rule broken on cached state may hold on the stream's real state: check before refusing. */
  private async decide<C, E, S>(
    streamName: string,
    decider: Decider<C, E, S>,
    command: C,
    loaded: Loaded<S>,
  ): Promise<{ events: E[]; aggregate: LoadedAggregate<S> }> {
    const cachedRevision = loaded.aggregate.revision;
    try {
      return { events: decider.decide(command, loaded.aggregate.state), aggregate: loaded.aggregate };
    } catch (error) {
      if (loaded.verified) throw error;
      const fresh = await this.repository.load(streamName, decider, true);
      if (fresh.aggregate.revision === cachedRevision) throw error;
      return { events: decider.decide(command, fresh.aggregate.state), aggregate: fresh.aggregate };
    }
  }
}

/** A keyed command already in the stream answers as it did then, if the request is the same. */
function replayOf(
  streamName: string,
  aggregate: LoadedAggregate<unknown>,
  context: CommandContext,
): CommandOutcome | undefined {
  if (context.idempotencyKey === undefined) return undefined;
  const recorded = aggregate.commands.get(eventIdFor(context.idempotencyKey, 0));
  if (!recorded) return undefined;
  if (recorded.requestHash !== context.requestHash) throw new IdempotencyKeyReusedError(streamName);
  return { revision: recorded.revision, position: recorded.position, replayed: true };
}

/** Jittered so that writers from several processes stop colliding. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * 5 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
