/**
 * Recent event ids (stream and revision), so an `any`/`stream_exists` append retried by a client
 * is recognised without scanning the stream. Bounded: the oldest ids are forgotten first.
 *
 * A ring of slots with the stream and revision in typed arrays: evicting through a Map's
 * insertion order instead (`keys().next()`) scans the deleted slots V8 leaves at its front, which
 * made every append (and recovery, ~88 s for 1 M events) quadratic once the cache was full.
 */
export class IdempotencyCache {
  private readonly slotOf = new Map<string, number>();
  private readonly ids: (string | undefined)[];
  private readonly streamIds: Int32Array;
  private readonly revisions: Float64Array;
  private next = 0;
  /** While recovering, only the ring is written; the map is built once at the end. */
  private deferred = false;

  constructor(private readonly capacity = 100_000) {
    this.ids = new Array<string | undefined>(capacity).fill(undefined);
    this.streamIds = new Int32Array(capacity);
    this.revisions = new Float64Array(capacity);
  }

  remember(eventId: string, streamId: number, revision: number): void {
    if (this.deferred) {
      this.place(eventId, streamId, revision);
      return;
    }
    const previous = this.slotOf.get(eventId);
    if (previous !== undefined) this.ids[previous] = undefined;
    const evicted = this.ids[this.next];
    if (evicted !== undefined) this.slotOf.delete(evicted);
    this.slotOf.set(eventId, this.place(eventId, streamId, revision));
  }

  /**
   * Recovery passes every event of the log through `remember`, yet only the last `capacity`
   * survive: between these calls only the ring is written, and the map is built from it at the end.
   */
  deferIndexing(): void {
    this.deferred = true;
  }

  finishIndexing(): void {
    this.deferred = false;
    this.slotOf.clear();
    for (let i = 0; i < this.capacity; i++) {
      const slot = (this.next + i) % this.capacity; // oldest first, so the latest slot of an id wins
      const id = this.ids[slot];
      if (id === undefined) continue;
      const previous = this.slotOf.get(id);
      if (previous !== undefined) this.ids[previous] = undefined;
      this.slotOf.set(id, slot);
    }
  }

  /** Writes the next slot of the ring and returns it. */
  private place(eventId: string, streamId: number, revision: number): number {
    const slot = this.next;
    this.ids[slot] = eventId;
    this.streamIds[slot] = streamId;
    this.revisions[slot] = revision;
    this.next = slot + 1 === this.capacity ? 0 : slot + 1;
    return slot;
  }

  /** The revision at which this stream stored `eventId`, if still remembered. */
  revisionOf(eventId: string, streamId: number): number | undefined {
    const slot = this.slotOf.get(eventId);
    return slot !== undefined && this.streamIds[slot] === streamId ? this.revisions[slot] : undefined;
  }
}
