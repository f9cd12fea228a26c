import { createHash } from 'node:crypto';

/** The answer a keyed command gave, found again from its events in the stream. */
export type RecordedCommand = {
  requestHash: string | undefined;
  revision: bigint;
  position: bigint;
  /** When it was recorded (ms since the epoch, from its events' occurredAt). */
  at: number;
};

/** How long keys are remembered, how many one stream keeps, and the clock that says "now". */
export type KeyMemoryPolicy = { windowMs: number; maxPerStream: number; now: () => number };

/** [scope digest, request hash, revision, position, at]: how a snapshot keeps one key. */
export type RecordedCommandTuple = [string, string | null, string, string, number];

/**
 * An Idempotency-Key belongs to the principal that sent it: the memory is keyed by a digest of
 * both (fixed length, so a snapshot of many keys stays small). Keys never meet across streams.
 */
export function keyScopeOf(actor: string | undefined, idempotencyKey: string): string {
  return createHash('sha256')
    .update(JSON.stringify([actor ?? null, idempotencyKey]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The keyed commands one stream remembers: each for the window (default 24 hours), at most
 * `maxPerStream` of them (the oldest go first, counted in `forgottenEarly`). Insertion order is
 * stream order, so expired keys are always at the front and pruning costs what it removes.
 */
export class RecordedCommands {
  private readonly byScope = new Map<string, RecordedCommand>();
  forgottenEarly = 0;

  constructor(private readonly policy: KeyMemoryPolicy) {}

  /** The command recorded under this scope within the window. */
  get(scope: string): RecordedCommand | undefined {
    const recorded = this.byScope.get(scope);
    return recorded !== undefined && !this.expired(recorded) ? recorded : undefined;
  }

  /** The first use of a key within the window wins; an expired one is a new command. */
  record(scope: string, recorded: RecordedCommand): void {
    if (this.get(scope) !== undefined) return;
    this.byScope.delete(scope);
    this.byScope.set(scope, recorded);
    this.prune();
  }

  get size(): number {
    return this.byScope.size;
  }

  toTuples(): RecordedCommandTuple[] {
    this.prune();
    return [...this.byScope].map(([scope, r]) => [
      scope,
      r.requestHash ?? null,
      r.revision.toString(),
      r.position.toString(),
      r.at,
    ]);
  }

  static fromTuples(tuples: unknown, policy: KeyMemoryPolicy): RecordedCommands | undefined {
    if (!Array.isArray(tuples)) return undefined;
    const commands = new RecordedCommands(policy);
    for (const tuple of tuples) {
      if (!Array.isArray(tuple) || tuple.length !== 5) return undefined;
      const [scope, requestHash, revision, position, at] = tuple as unknown[];
      if (typeof scope !== 'string' || (requestHash !== null && typeof requestHash !== 'string'))
        return undefined;
      if (typeof revision !== 'string' || typeof position !== 'string' || typeof at !== 'number')
        return undefined;
      if (!/^\d+$/.test(revision) || !/^\d+$/.test(position)) return undefined;
      commands.byScope.set(scope, {
        requestHash: requestHash ?? undefined,
        revision: BigInt(revision),
        position: BigInt(position),
        at,
      });
    }
    commands.prune();
    return commands;
  }

  private expired(recorded: RecordedCommand): boolean {
    return recorded.at < this.policy.now() - this.policy.windowMs;
  }

  private prune(): void {
    for (const [scope, recorded] of this.byScope) {
      const tooMany = this.byScope.size > this.policy.maxPerStream;
      if (!tooMany && !this.expired(recorded)) break;
      if (tooMany && !this.expired(recorded)) this.forgottenEarly++;
      this.byScope.delete(scope);
    }
  }
}
