/**
 * The last `capacity` bytes written to the log, in a ring of one buffer, keyed by log position:
 * the events just appended (what live subscribers and aggregate loads read) are read back with a
 * copy instead of a syscall, and without keeping an object per event alive (a cache of decoded
 * events churned the old generation by about as much again as the bodies it held).
 */
export class LogTail {
  private ring: Buffer | undefined;
  /** Log positions [start, end) are held; bytes of a gap between writes are never asked for. */
  private start = 0;
  private end = 0;
  hits = 0;

  constructor(private readonly capacity: number) {}

  /** Bytes of the ring (allocated on the first append). */
  get byteLength(): number {
    return this.ring?.length ?? 0;
  }

  /** Adds bytes written at log position `at`, normally at or after the end of the previous ones. */
  append(at: number, bytes: Uint8Array): void {
    if (this.capacity <= 0) return;
    this.ring ??= Buffer.allocUnsafe(this.capacity);
    // Only a cache: bytes out of order (never expected) make it start over rather than fail a write.
    if (this.start === this.end || at < this.end) this.start = at;
    // Of a write larger than the ring only its last `capacity` bytes can stay.
    const skip = Math.max(0, bytes.length - this.capacity);
    this.copyIn(at + skip, bytes.subarray(skip));
    this.end = at + bytes.length;
    this.start = Math.max(this.start, this.end - this.capacity);
  }

  /** A copy of the log bytes [at, at + length), or undefined unless the ring holds them all. */
  read(at: number, length: number): Buffer | undefined {
    if (!this.ring || at < this.start || at + length > this.end) return undefined;
    const out = Buffer.allocUnsafe(length);
    const from = at % this.capacity;
    const first = Math.min(length, this.capacity - from);
    this.ring.copy(out, 0, from, from + first);
    if (first < length) this.ring.copy(out, first, 0, length - first);
    this.hits++;
    return out;
  }

  clear(): void {
    this.ring = undefined;
    this.start = this.end = 0;
  }

  private copyIn(at: number, bytes: Uint8Array): void {
    const ring = this.ring!;
    const to = at % this.capacity;
    const first = Math.min(bytes.length, this.capacity - to);
    ring.set(bytes.subarray(0, first), to);
    if (first < bytes.length) ring.set(bytes.subarray(first), 0);
  }
}
