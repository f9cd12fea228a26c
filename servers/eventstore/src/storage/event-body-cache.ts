import type { StoredEvent } from './log-storage.js';

/** Rough bytes an event costs in the cache besides its bodies (object, strings, map entry). */
const ENTRY_OVERHEAD = 160;

interface Entry {
  position: number;
  event: StoredEvent;
  size: number;
  older: Entry | undefined;
  newer: Entry | undefined;
}

/**
 * A least-recently-used cache of whole events by position, bounded by an estimate of their bytes.
 * A linked list keeps eviction O(1): evicting from the front of a Map instead costs a scan over
 * the deleted slots V8 leaves behind, which made appends quadratic once the cache was full.
 */
export class EventBodyCache {
  private readonly entries = new Map<number, Entry>();
  private oldest: Entry | undefined;
  private newest: Entry | undefined;
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get sizeBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(position: number): StoredEvent | undefined {
    const entry = this.entries.get(position);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.unlink(entry);
    this.pushNewest(entry);
    return entry.event;
  }

  set(position: number, event: StoredEvent): void {
    const size = ENTRY_OVERHEAD + event.data.length + event.metadata.length + 2 * event.streamName.length;
    if (size > this.maxBytes) return;
    const old = this.entries.get(position);
    if (old) this.remove(old);
    const entry: Entry = { position, event, size, older: undefined, newer: undefined };
    this.entries.set(position, entry);
    this.pushNewest(entry);
    this.bytes += size;
    while (this.bytes > this.maxBytes && this.oldest) this.remove(this.oldest);
  }

  clear(): void {
    this.entries.clear();
    this.oldest = this.newest = undefined;
    this.bytes = 0;
  }

  private remove(entry: Entry): void {
    this.unlink(entry);
    this.entries.delete(entry.position);
    this.bytes -= entry.size;
  }

  private unlink(entry: Entry): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    entry.older = entry.newer = undefined;
  }

  private pushNewest(entry: Entry): void {
    entry.older = this.newest;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }
}
