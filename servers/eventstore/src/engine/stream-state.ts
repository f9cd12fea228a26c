import { PositionList } from './position-list.js';
import type { StreamMetadata } from './stream-metadata.js';
import { isSoftDeleted } from './stream-metadata.js';

/** Revision of a tombstone event: long.MaxValue, as the real server writes it. */
export const TOMBSTONE_REVISION = 9223372036854775807n;
export const TOMBSTONE_EVENT_TYPE = '$streamDeleted';

/** What the server knows about one stream, kept in memory and rebuilt from the log at start. */
export class StreamState {
  /** `positions.at(revision)` is the `$all` position of that event. */
  readonly positions = new PositionList();
  tombstoned = false;
  metadata: StreamMetadata | undefined;

  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  /** Revision of the last event, -1 when the stream has none. */
  get lastRevision(): bigint {
    return BigInt(this.positions.length - 1);
  }

  get hasEvents(): boolean {
    return this.positions.length > 0;
  }

  get softDeleted(): boolean {
    return isSoftDeleted(this.metadata);
  }

  /** Present for reads: has events, not deleted. */
  get readable(): boolean {
    return this.hasEvents && !this.softDeleted && !this.tombstoned;
  }

  positionOf(revision: number): bigint {
    return BigInt(this.positions.at(revision));
  }

  /** The first revision reads may return, from `$tb` and `$maxCount` (`$maxAge` needs bodies). */
  firstVisibleRevision(): number {
    const truncateBefore = this.metadata?.truncateBefore ?? 0;
    const maxCount = this.metadata?.maxCount;
    const byCount = maxCount === undefined ? 0 : this.positions.length - maxCount;
    return Math.max(0, truncateBefore, byCount);
  }

  /** Whether an event created at `createdTicks` has outlived `$maxAge`. */
  isExpired(createdTicks: bigint, nowTicks: bigint): boolean {
    const maxAge = this.metadata?.maxAge;
    return maxAge !== undefined && createdTicks < nowTicks - BigInt(maxAge) * 10_000_000n;
  }
}
