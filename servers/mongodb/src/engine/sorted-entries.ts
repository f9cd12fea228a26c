const CHUNK = 512;

/**
 * A sorted list kept in chunks of at most 2 × 512 entries, so an insert or removal moves a
 * chunk's worth of entries rather than the whole index (a plain sorted array made every
 * update O(n)).
 */
export class SortedEntries<T> {
  private chunks: T[][] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  insert(entry: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([entry]);
      return;
    }
    const ci = this.chunkFor((e) => this.compare(e, entry) < 0);
    const chunk = this.chunks[Math.min(ci, this.chunks.length - 1)];
    chunk.splice(
      lowerBound(chunk, (e) => this.compare(e, entry) < 0),
      0,
      entry,
    );
    if (chunk.length > 2 * CHUNK)
      this.chunks.splice(this.chunks.indexOf(chunk), 1, chunk.slice(0, CHUNK), chunk.slice(CHUNK));
  }

  /** Removes the entry comparing equal to `entry`; false when there is none. */
  remove(entry: T): boolean {
    const ci = this.chunkFor((e) => this.compare(e, entry) < 0);
    const chunk = this.chunks[ci];
    if (!chunk) return false;
    const at = lowerBound(chunk, (e) => this.compare(e, entry) < 0);
    if (at >= chunk.length || this.compare(chunk[at], entry) !== 0) return false;
    chunk.splice(at, 1);
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /** Entries in order, starting at the first one for which `before` is false. */
  *from(before: (e: T) => boolean): Generator<T> {
    const ci = this.chunkFor(before);
    for (let c = ci; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === ci ? lowerBound(chunk, before) : 0; i < chunk.length; i++) yield chunk[i];
    }
  }

  /** Every entry, in order or in reverse. */
  *all(reverse: boolean): Generator<T> {
    if (!reverse) return yield* this.from(() => false);
    for (let c = this.chunks.length - 1; c >= 0; c--) {
      const chunk = this.chunks[c];
      for (let i = chunk.length - 1; i >= 0; i--) yield chunk[i];
    }
  }

  /** The first chunk whose last entry is not `before` (entries before it all are). */
  private chunkFor(before: (e: T) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (before(chunk[chunk.length - 1])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound<T>(items: T[], before: (e: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
