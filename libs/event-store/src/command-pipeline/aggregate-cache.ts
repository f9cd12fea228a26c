import type { LoadedAggregate } from './loaded-aggregate.js';

type Entry = { aggregate: LoadedAggregate<unknown>; weight: number };

/** Bytes one remembered key costs in memory (digest, request hash, bigints, map entry). */
const BYTES_PER_KEY = 200;

/** Approximate memory of a cached stream: its state as JSON plus its remembered keys. */
export function weightOf(aggregate: LoadedAggregate<unknown>): number {
  return 256 + JSON.stringify(aggregate.state).length * 2 + aggregate.commands.size * BYTES_PER_KEY;
}

/**
 * Bounded LRU of folded streams, weighed in bytes. Correct under concurrent writers because every
 * append states the cached revision: a stale entry makes the append fail, and the pipeline reads
 * on from it. A stream heavier than the whole budget is not cached: it loads from its snapshot.
 */
export class AggregateCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  constructor(private readonly maxBytes: number) {}

  get<S>(streamName: string): LoadedAggregate<S> | undefined {
    const entry = this.entries.get(streamName);
    if (!entry) return undefined;
    this.entries.delete(streamName);
    this.entries.set(streamName, entry);
    return entry.aggregate as LoadedAggregate<S>;
  }

  /** (Re)stores an entry after it changed; an entry heavier than the whole budget is not kept. */
  set<S>(streamName: string, aggregate: LoadedAggregate<S>): void {
    this.drop(streamName);
    if (this.maxBytes === 0) return;
    const weight = weightOf(aggregate as LoadedAggregate<unknown>);
    if (weight > this.maxBytes) return;
    this.entries.set(streamName, { aggregate: aggregate as LoadedAggregate<unknown>, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.weight -= entry.weight;
    }
  }

  drop(streamName: string): void {
    const entry = this.entries.get(streamName);
    if (!entry) return;
    this.entries.delete(streamName);
    this.weight -= entry.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.weight;
  }
}
