import { float64Column, uint32Column } from './typed-column.js';

/**
 * Every stored event's position and record length, in log order, in typed-array columns (12
 * bytes an event) so that a million events cost about 12 MB instead of a million objects.
 */
export class PositionIndex {
  private readonly positions = float64Column();
  private readonly lengths = uint32Column();

  get size(): number {
    return this.positions.length;
  }

  /** Positions must be added in increasing order (they are byte offsets below 2^53). */
  add(position: number, recordLength: number): void {
    this.positions.push(position);
    this.lengths.push(recordLength);
  }

  /** The record length of the event at exactly `position`, or undefined if none starts there. */
  recordLength(position: number): number | undefined {
    const index = this.positions.lowerBound(position);
    return index < this.size && this.positions.at(index) === position ? this.lengths.at(index) : undefined;
  }
}
