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
    const index = this.indexOf(position);
    return index < 0 ? undefined : this.lengths.at(index);
  }

  /**
   * The index of the event at exactly `position`, or -1. `hint` (the index found for an earlier
   * position) makes the next one in log order a lookup instead of a search.
   */
  indexOf(position: number, hint = -1): number {
    const next = hint + 1;
    if (hint >= 0 && next < this.size && this.positions.at(next) === position) return next;
    const index = this.positions.lowerBound(position);
    return index < this.size && this.positions.at(index) === position ? index : -1;
  }

  lengthAt(index: number): number {
    return this.lengths.at(index);
  }
}
