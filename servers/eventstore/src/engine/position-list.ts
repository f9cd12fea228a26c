/** Up to this many positions a list stays a plain array: a typed array costs ~200 bytes of objects. */
const SMALL_LIMIT = 16;
const UINT32_LIMIT = 2 ** 32;
const EMPTY = new Uint32Array(0);

/**
 * A stream's event positions by revision, appended in increasing order. Short lists (most
 * streams) are plain arrays; longer ones pack positions into a Uint32Array (4 bytes an event
 * instead of 8), moving to a Float64Array once the log passes 4 GiB.
 */
export class PositionList {
  private small: number[] | undefined = [];
  private packed: Uint32Array | Float64Array = EMPTY;
  private count = 0;

  get length(): number {
    return this.count;
  }

  push(position: number): void {
    if (this.small) {
      if (this.count < SMALL_LIMIT) {
        this.small.push(position);
        this.count++;
        return;
      }
      this.repack(position);
    } else if (
      this.count === this.packed.length ||
      (position >= UINT32_LIMIT && this.packed instanceof Uint32Array)
    ) {
      this.repack(position);
    }
    this.packed[this.count++] = position;
  }

  /** The position at `index` (0 ≤ index < length; not checked). */
  at(index: number): number {
    return this.small ? this.small[index]! : this.packed[index]!;
  }

  /**
   * Moves to a typed array twice as large when full, or to 64-bit entries past 4 GiB (positions
   * increase, so `incoming` is the largest).
   */
  private repack(incoming: number): void {
    const full = this.small !== undefined || this.count === this.packed.length;
    const capacity = full ? 2 * this.count : this.packed.length;
    const wide = incoming >= UINT32_LIMIT || this.packed instanceof Float64Array;
    const packed = wide ? new Float64Array(capacity) : new Uint32Array(capacity);
    if (this.small) packed.set(this.small);
    else packed.set(this.packed.subarray(0, this.count));
    this.small = undefined;
    this.packed = packed;
  }
}
