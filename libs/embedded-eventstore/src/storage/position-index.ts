/**
 * Every stored event's position and record length, in log order, in typed arrays (12 bytes an
 * event) so that a million events cost about 12 MB instead of a million objects.
 */
export class PositionIndex {
  private positions = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Positions must be added in increasing order (they are byte offsets below 2^53). */
  add(position: number, recordLength: number): void {
    if (this.count === this.positions.length) this.grow();
    this.positions[this.count] = position;
    this.lengths[this.count] = recordLength;
    this.count++;
  }

  /** The record length of the event at exactly `position`, or undefined if none starts there. */
  recordLength(position: number): number | undefined {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.positions[mid];
      if (at === position) return this.lengths[mid];
      if (at < position) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private grow(): void {
    const positions = new Float64Array(this.positions.length * 2);
    positions.set(this.positions);
    const lengths = new Uint32Array(this.lengths.length * 2);
    lengths.set(this.lengths);
    this.positions = positions;
    this.lengths = lengths;
  }
}
