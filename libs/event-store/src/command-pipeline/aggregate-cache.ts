import type { LoadedAggregate } from './loaded-aggregate.js';

type Entry = { aggregate: LoadedAggregate<unknown>; weight: number };

/**
 * Bounded LRU of folded streams. Correct under concurrent writers because every append
 * states the cached revision: a stale entry makes the append fail, and the pipeline reads on
 * from it. An entry keeps every keyed command of its stream (a key it did not know would be
 * appended again), so weight = 1 + keyed commands remembered, and memory stays bounded.
 */
export class AggregateCache {
  private readonly entries = new Map<string, Entry>();
  private weight = 0;

  constructor(private readonly maxWeight: number) {}

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
    const weight = 1 + aggregate.commands.size;
    if (weight > this.maxWeight) return;
    this.entries.set(streamName, { aggregate: aggregate as LoadedAggregate<unknown>, weight });
    this.weight += weight;
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.maxWeight) break;
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
}
