import type { Message } from '../consumed-event.js';
import type { ConsumerDefinition } from '../consumer-definition.js';
import type { LeaseStore } from '../ports/lease-store.port.js';
import type { ConsumerStatus, HostHealth } from './consumer-status.js';
import { ConsumerRunner, type RunnerDeps } from './consumer-runner.js';
import { ParkedEvents } from './parked-events.service.js';
import type { RunnerOptions } from './runner.options.js';

export interface HostOptions {
  /** This process, as lease owner: unique per running instance. */
  instanceId: string;
  leaseTtlMs: number;
  /** Heartbeat, lease renewal and sharing-out period; a third of the TTL or less. */
  renewEveryMs: number;
  /** Behind the head and not moving for this long: stalled (readiness fails). */
  stallAfterMs: number;
  /** Lag in events is counted up to this many. */
  lagCountLimit: number;
  runner: Partial<RunnerOptions>;
}

export const defaultHostOptions: Omit<HostOptions, 'instanceId'> = {
  leaseTtlMs: 15_000,
  renewEveryMs: 5_000,
  stallAfterMs: 60_000,
  lagCountLimit: 1_000,
  runner: {},
};

export interface HostDeps<E extends Message> extends RunnerDeps<E> {
  leases: LeaseStore;
}

/** Rendezvous hashing: each consumer prefers one live instance, so shares move little on a change. */
const score = (consumer: string, instance: string): number => {
  let hash = 2166136261;
  for (const char of `${consumer}\u0000${instance}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
};

/**
 * Runs the consumers this instance holds the lease of. Every `renewEveryMs` it heartbeats, renews
 * its leases, and evens out: with N consumers and L live instances nobody holds more than ⌈N/L⌉,
 * so an instance that joins gets a share, and the leases of one that stops or hangs expire and are
 * taken by the others within the lease TTL (plus one period).
 */
export class ConsumerHost<E extends Message = Message> {
  private readonly options: HostOptions;
  private readonly runners = new Map<string, { runner: ConsumerRunner<E>; expiresAt: number }>();
  private readonly startedAt: number;
  private stopping = false;
  private readonly stopController = new AbortController();
  private loop?: Promise<void>;
  private lastError?: { message: string; at: Date };
  readonly parkedEvents: ParkedEvents;

  constructor(
    private readonly consumers: ReadonlyArray<ConsumerDefinition<E>>,
    private readonly deps: HostDeps<E>,
    options: Partial<HostOptions> & { instanceId: string },
  ) {
    this.options = { ...defaultHostOptions, ...options };
    const names = consumers.map((c) => c.name);
    if (new Set(names).size !== names.length)
      throw new Error(`Consumer names must be unique: ${names.join(', ')}`);
    this.startedAt = deps.clock.now();
    this.parkedEvents = new ParkedEvents(deps.parked, (consumer) =>
      this.runners.get(consumer)?.runner.nudge(),
    );
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Names of the consumers running here. */
  owned(): string[] {
    return [...this.runners.keys()].sort();
  }

  runner(consumer: string): ConsumerRunner<E> | undefined {
    return this.runners.get(consumer)?.runner;
  }

  start(): this {
    this.loop ??= (async () => {
      while (!this.stopping) {
        await this.tick().then(
          () => (this.lastError = undefined),
          (error: unknown) => {
            this.lastError = {
              message: error instanceof Error ? error.message : String(error),
              at: new Date(this.deps.clock.now()),
            };
          },
        );
        await this.deps.clock.sleep(this.options.renewEveryMs, this.stopController.signal);
      }
    })();
    return this;
  }

  /** Graceful: each runner saves its checkpoint, then the leases are handed back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    await this.loop;
    await Promise.all([...this.runners.keys()].map((name) => this.letGo(name)));
    await this.deps.leases.leave(this.options.instanceId).catch(() => undefined);
  }

  /** One round of heartbeat, renewal and sharing out (the loop calls it every `renewEveryMs`). */
  async tick(): Promise<void> {
    const { leases, clock } = this.deps;
    const { instanceId: me, leaseTtlMs: ttl } = this.options;
    await leases.heartbeat(me, clock.now(), ttl);
    for (const [name, held] of [...this.runners]) {
      if (!held.runner.snapshot().running) {
        this.runners.delete(name); // it lost its lease, or ended: taken again below if still ours
        continue;
      }
      const renewed = await leases.renew(name, me, clock.now(), ttl);
      if (renewed) held.expiresAt = renewed.expiresAt;
      else {
        // Taken by another owner: fenced at once, and not waited for (its handler may hang).
        held.expiresAt = 0;
        void held.runner.stop();
        this.runners.delete(name);
      }
    }
    const live = new Set(await leases.liveInstances(clock.now()));
    live.add(me);
    const fairShare = Math.ceil(this.consumers.length / live.size);
    const preferred = (name: string) => [...live].every((other) => score(name, me) >= score(name, other));
    const byPreference = (a: string, b: string) =>
      Number(preferred(b)) - Number(preferred(a)) || score(b, me) - score(a, me);
    const mine = this.owned().sort(byPreference);
    for (const name of mine.slice(fairShare)) await this.letGo(name);
    const now = clock.now();
    const held = new Map(
      (await leases.list()).filter((l) => l.expiresAt > now && live.has(l.owner)).map((l) => [l.consumer, l]),
    );
    const free = this.consumers
      .map((c) => c.name)
      .filter((name) => !held.has(name) && !this.runners.has(name));
    for (const name of free.sort(byPreference)) {
      if (this.runners.size >= fairShare || this.stopping) break;
      const lease = await leases.acquire(name, me, clock.now(), ttl);
      if (lease) this.run(name, lease.expiresAt);
    }
  }

  async status(): Promise<ConsumerStatus[]> {
    const { source, checkpoints, parked, leases, clock } = this.deps;
    const now = clock.now();
    const [head, allLeases] = await Promise.all([source.head(), leases.list()]);
    const live = new Set(await leases.liveInstances(now));
    const headAt = head?.recordedAt.getTime();
    return Promise.all(
      this.consumers.map(async ({ name }): Promise<ConsumerStatus> => {
        const lease = allLeases.find((l) => l.consumer === name && l.expiresAt > now && live.has(l.owner));
        const snapshot = this.runners.get(name)?.runner.snapshot();
        const position = snapshot ? snapshot.position : await checkpoints.load(name);
        const behind = head !== undefined && (position === undefined || position < head.position);
        const [lagEvents, oldestUnseen] = behind
          ? await Promise.all([
              source.countAfter(position, this.options.lagCountLimit),
              source.firstAfter(position),
            ])
          : [0, head];
        const stalled =
          snapshot !== undefined && behind && now - snapshot.lastProgressAt > this.options.stallAfterMs;
        return {
          consumer: name,
          // A consumer this process runs is its own, even if the leases were read before it took it.
          ...(snapshot ? { owner: this.options.instanceId } : lease ? { owner: lease.owner } : {}),
          ownedHere: snapshot !== undefined,
          state: snapshot
            ? stalled || !snapshot.running
              ? 'stalled'
              : 'running'
            : lease
              ? 'elsewhere'
              : 'unowned',
          ...(position === undefined ? {} : { position }),
          ...(head ? { headPosition: head.position } : {}),
          lagEvents,
          ...(headAt !== undefined && oldestUnseen
            ? { lagSeconds: Math.max(0, (headAt - oldestUnseen.recordedAt.getTime()) / 1000) }
            : {}),
          handled: snapshot?.handled ?? 0,
          parked: await parked.count(name),
          reconnects: snapshot?.reconnects ?? 0,
          ...(snapshot?.lastError ? { lastError: snapshot.lastError } : {}),
          stalled,
        };
      }),
    );
  }

  /** Ready unless a consumer here is stalled or dead, or one has had no owner past the lease TTL. */
  async health(): Promise<HostHealth> {
    const statuses = await this.status();
    const settling =
      this.deps.clock.now() - this.startedAt < this.options.leaseTtlMs + this.options.renewEveryMs;
    const problems = statuses.flatMap((s) =>
      s.state === 'stalled'
        ? [
            `${s.consumer} is stalled at ${s.position ?? 'the start'}${s.lastError ? `: ${s.lastError.message}` : ''}`,
          ]
        : s.state === 'unowned' && !settling
          ? [`${s.consumer} has no live owner`]
          : [],
    );
    if (this.lastError) problems.push(`lease upkeep failed: ${this.lastError.message}`);
    return { ready: problems.length === 0, problems };
  }

  private run(name: string, expiresAt: number): void {
    const definition = this.consumers.find((c) => c.name === name)!;
    const margin = Math.min(1_000, this.options.leaseTtlMs / 10);
    const held = { runner: undefined as unknown as ConsumerRunner<E>, expiresAt };
    held.runner = new ConsumerRunner(
      definition,
      this.deps,
      this.options.runner,
      () => this.deps.clock.now() < held.expiresAt - margin,
    );
    this.runners.set(name, held);
    held.runner.start();
  }

  /**
   * Hands a consumer back: its runner stops gracefully (checkpoint saved) if it can within a third
   * of the TTL; one stuck in a handler call is fenced instead, so lease upkeep never hangs on it.
   */
  private async letGo(name: string): Promise<void> {
    const held = this.runners.get(name);
    if (!held) return;
    const timeout = new AbortController();
    const stopped = await Promise.race([
      held.runner.stop().then(() => true),
      this.deps.clock.sleep(this.options.leaseTtlMs / 3, timeout.signal).then(() => false),
    ]);
    timeout.abort();
    if (!stopped) held.expiresAt = 0;
    this.runners.delete(name);
    await this.deps.leases.release(name, this.options.instanceId).catch(() => undefined);
  }
}
