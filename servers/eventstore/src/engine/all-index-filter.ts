import type { EventFilter } from './event-filter.js';
import { filterMatches } from './event-filter.js';
import type { StreamCatalog } from './stream-catalog.js';

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

/**
 * A `$all` filter applied by index entry, remembering its verdict per stream id (stream filters)
 * or per event type id (type filters), one byte each: a scan of `$all` then tests each name once
 * instead of once an event, which made filtered catch-ups cost about as much as unfiltered ones.
 */
export class AllIndexFilter {
  private verdicts = new Uint8Array(64);

  constructor(
    private readonly filter: EventFilter,
    private readonly catalog: StreamCatalog,
  ) {}

  matches(index: number): boolean {
    const all = this.catalog.all;
    const byStream = this.filter.on === 'stream';
    const id = byStream ? all.streamIdAt(index) : all.typeIdAt(index);
    if (id >= this.verdicts.length) this.grow(id);
    let verdict = this.verdicts[id]!;
    if (verdict === UNKNOWN) {
      const subject = byStream ? this.catalog.byId(id).name : all.typeName(id);
      verdict = filterMatches(this.filter, subject, subject) ? YES : NO;
      this.verdicts[id] = verdict;
    }
    return verdict === YES;
  }

  private grow(id: number): void {
    const grown = new Uint8Array(Math.max(2 * this.verdicts.length, id + 1));
    grown.set(this.verdicts);
    this.verdicts = grown;
  }
}
