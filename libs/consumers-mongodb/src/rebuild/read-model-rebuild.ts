import {
  type Clock,
  type ConsumerFilter,
  ConsumerRunner,
  type EventSource,
  type Message,
  type RunnerOptions,
} from '@ledger/consumers';
import type { Db } from 'mongodb';
import { MongoProjector } from '../projection/mongo-projector.js';
import type { MongoProjection } from '../projection/mongo-projection.js';
import { ReadModelVersions } from '../read-models/read-model-versions.js';
import { MongoCheckpointStore } from '../stores/mongo-checkpoint.store.js';
import { MongoParkedEventStore } from '../stores/mongo-parked-event.store.js';

export type RebuildState = 'running' | 'switching' | 'done' | 'cancelled' | 'failed';

export interface RebuildProgress {
  id: string;
  readModel: string;
  state: RebuildState;
  /** The collection being built, serving once switched. */
  collection: string;
  /** The collection serving before; dropped a grace period after the switch. */
  previousCollection: string;
  /** Events applied to the new collection. */
  handled: number;
  eventsPerSecond: number;
  position?: bigint;
  /** The head of the log when the rebuild started (then at the switch): caught up once past it. */
  targetPosition?: bigint;
  /** 0 to 1, by commit position (positions grow with the log's bytes, close to its events). */
  progress: number;
  startedAt: Date;
  finishedAt?: Date;
  error?: string;
}

export interface RebuildDeps<E extends Message> {
  db: Db;
  source: EventSource<E>;
  clock: Clock;
}

export interface RebuildSpec<E extends Message> {
  id: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read models differ in document type
  projection: MongoProjection<E, any>;
  filter: ConsumerFilter;
  /** How long the old collection stays after the switch (readers that resolved it finish). */
  graceMs: number;
  runner?: Partial<RunnerOptions>;
  pollMs?: number;
}

/** `<readModel>_v<n+1>` after `<readModel>_v<n>` (or `_v2` after a name without a version). */
export const nextCollectionName = (readModel: string, current: string): string => {
  const version = /_v(\d+)$/.exec(current);
  return `${readModel}_v${version ? Number(version[1]) + 1 : 2}`;
};

/**
 * A blue-green rebuild of one read model (the projectors run it; the CLI and the console watch it):
 * 1. a consumer of its own (`<readModel>@rebuild-<id>`) reads `$all` from the start with the read
 *    model's filter into a new versioned collection, while the alias keeps serving the old one;
 * 2. once past the head of the log as it was at the start, the alias is switched (one document
 *    update), then the head is read again and the rebuild goes on until it is past that too:
 *    the live consumer resolves the alias at every batch, so a batch that still wrote the old
 *    collection held only events written before the switch, and those are now in the new one;
 *    after that the live consumer writes the new collection (position guards make its replays of
 *    what the rebuild wrote change nothing);
 * 3. the old collection is dropped after `graceMs`.
 * Cancelling before the switch stops the consumer and drops the half-built collection; readers
 * never see it. A rebuild that parks an event fails the same way (the collection would lack it).
 */
export class ReadModelRebuild<E extends Message = Message> {
  readonly readModel: string;
  private readonly consumer: string;
  private readonly versions: ReadModelVersions;
  private readonly checkpoints: MongoCheckpointStore;
  private readonly parked: MongoParkedEventStore;
  private status: RebuildProgress;
  private runner?: ConsumerRunner<E>;
  private cancelRequested = false;
  private wakeUp?: () => void;
  readonly finished: Promise<void>;
  /** Resolves once the old collection is dropped (or the rebuild ended without a switch). */
  readonly retired: Promise<void>;
  private retire!: () => void;
  private readonly closing = new AbortController();

  constructor(
    private readonly deps: RebuildDeps<E>,
    private readonly spec: RebuildSpec<E>,
  ) {
    this.readModel = spec.projection.readModel;
    this.consumer = `${this.readModel}@rebuild-${spec.id}`;
    this.versions = new ReadModelVersions(deps.db);
    this.checkpoints = new MongoCheckpointStore(deps.db);
    this.parked = new MongoParkedEventStore(deps.db);
    this.status = {
      id: spec.id,
      readModel: this.readModel,
      state: 'running',
      collection: '',
      previousCollection: '',
      handled: 0,
      eventsPerSecond: 0,
      progress: 0,
      startedAt: new Date(deps.clock.now()),
    };
    this.retired = new Promise((resolve) => (this.retire = resolve));
    this.finished = this.run();
  }

  progress(): RebuildProgress {
    const snapshot = this.runner?.snapshot();
    if (snapshot && !this.isOver()) {
      const seconds = Math.max((this.deps.clock.now() - this.status.startedAt.getTime()) / 1000, 0.001);
      const target = this.status.targetPosition;
      this.status.handled = snapshot.handled;
      this.status.eventsPerSecond = Math.round(snapshot.handled / seconds);
      if (snapshot.position !== undefined) this.status.position = snapshot.position;
      this.status.progress =
        target === undefined || target === 0n || snapshot.position === undefined
          ? 0
          : Math.min(1, Number(snapshot.position) / Number(target));
    }
    return { ...this.status };
  }

  /** False once the alias is switched: from then on the new collection is the read model. */
  cancel(): boolean {
    if (this.status.state !== 'running') return false;
    this.cancelRequested = true;
    this.wakeUp?.();
    return true;
  }

  /**
   * For a process that stops: cancels a rebuild not yet switched and stops waiting out the grace
   * period (the old collection is then left in place; a later rebuild does not reuse its name).
   */
  async close(): Promise<void> {
    this.cancel();
    this.closing.abort();
    await this.finished;
  }

  isOver(): boolean {
    return ['done', 'cancelled', 'failed'].includes(this.status.state);
  }

  private async run(): Promise<void> {
    try {
      const previous = await this.versions.current(this.readModel);
      const next = nextCollectionName(this.readModel, previous);
      Object.assign(this.status, { previousCollection: previous, collection: next });
      // A rebuild that died with its process left this name half-built: start it again.
      await this.dropCollection(next);
      await this.checkpoints.reset(this.consumer);
      this.status.targetPosition = (await this.deps.source.head())?.position ?? 0n;
      this.runner = new ConsumerRunner<E>(
        {
          name: this.consumer,
          filter: this.spec.filter,
          handler: new MongoProjector<E>(this.deps.db, [this.spec.projection], {
            collections: { [this.readModel]: next },
          }),
          unknownEvents: 'park',
        },
        {
          source: this.deps.source,
          checkpoints: this.checkpoints,
          parked: this.parked,
          clock: this.deps.clock,
        },
        { batchSize: 1_000, ...this.spec.runner },
      ).start();
      if (!(await this.catchUpTo(this.status.targetPosition))) return await this.abandon('cancelled');
      this.status.state = 'switching';
      await this.versions.switchTo(this.readModel, next);
      this.status.targetPosition = (await this.deps.source.head())?.position ?? 0n;
      await this.catchUpTo(this.status.targetPosition);
      await this.stopRunner();
      this.progress();
      Object.assign(this.status, { state: 'done', progress: 1, finishedAt: new Date(this.deps.clock.now()) });
      void this.dropLater(previous);
    } catch (error) {
      await this.abandon('failed', error instanceof Error ? error.message : String(error)).catch(() => {});
    }
  }

  /** Waits until the rebuild is past `target`; false when cancelled first. Throws on a park. */
  private async catchUpTo(target: bigint): Promise<boolean> {
    for (;;) {
      if (this.cancelRequested && this.status.state === 'running') return false;
      const snapshot = this.runner!.snapshot();
      if (snapshot.parked > 0 || (await this.parked.count(this.consumer)) > 0) {
        throw new Error(
          `an event was parked while rebuilding (${snapshot.lastError?.message ?? 'see the logs'}): the new collection would lack it`,
        );
      }
      if (target === 0n || (snapshot.position !== undefined && snapshot.position >= target)) return true;
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        setTimeout(resolve, this.spec.pollMs ?? 100);
      });
    }
  }

  private async abandon(state: 'cancelled' | 'failed', error?: string): Promise<void> {
    this.progress();
    await this.stopRunner();
    if (this.status.state !== 'switching' && this.status.collection)
      await this.dropCollection(this.status.collection);
    await this.checkpoints.reset(this.consumer);
    for (const event of await this.parked.list(this.consumer, { limit: 10_000 })) {
      await this.parked.remove(this.consumer, event.eventId);
    }
    Object.assign(this.status, {
      state,
      finishedAt: new Date(this.deps.clock.now()),
      ...(error ? { error } : {}),
    });
    this.retire();
  }

  private async stopRunner(): Promise<void> {
    await this.runner?.stop();
    await this.checkpoints.reset(this.consumer);
  }

  private async dropLater(collection: string): Promise<void> {
    await this.deps.clock.sleep(this.spec.graceMs, this.closing.signal);
    if (!this.closing.signal.aborted) await this.dropCollection(collection).catch(() => {});
    this.retire();
  }

  private async dropCollection(name: string): Promise<void> {
    const existing = await this.deps.db.listCollections({ name }, { nameOnly: true }).toArray();
    if (existing.length > 0) await this.deps.db.dropCollection(name);
  }
}
