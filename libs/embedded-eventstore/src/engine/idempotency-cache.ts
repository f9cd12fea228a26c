/**
 * Recent event ids (stream and revision), so an `any`/`stream_exists` append retried by a client
 * is recognised without scanning the stream. Bounded: the oldest ids are forgotten first.
 */
export class IdempotencyCache {
  private readonly entries = new Map<string, { streamId: number; revision: number }>();

  constructor(private readonly capacity = 100_000) {}

  remember(eventId: string, streamId: number, revision: number): void {
    this.entries.delete(eventId);
    this.entries.set(eventId, { streamId, revision });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** The revision at which this stream stored `eventId`, if still remembered. */
  revisionOf(eventId: string, streamId: number): number | undefined {
    const entry = this.entries.get(eventId);
    return entry && entry.streamId === streamId ? entry.revision : undefined;
  }
}
