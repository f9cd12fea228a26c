/** Records read from disk together: `positions[from..to)`, which lie in the log bytes [start, end). */
export interface RecordRun {
  from: number;
  to: number;
  start: number;
  end: number;
}

export interface RunLimits {
  /** Largest run in bytes (one read buffer); a record longer than this is a run of its own. */
  maxBytes: number;
  /** Largest stretch of unwanted bytes read over rather than skipped with a new read. */
  maxGap: number;
}

/**
 * Groups ascending record positions into runs that one read each can fetch: neighbouring records
 * within one segment file, with small gaps (frame headers, records a filter skipped) read over.
 * `segmentEnd(position)` is where the segment holding `position` ends in the log.
 */
export function planRecordRuns(
  positions: readonly number[],
  lengths: readonly number[],
  segmentEnd: (position: number) => number,
  limits: RunLimits,
): RecordRun[] {
  const runs: RecordRun[] = [];
  let i = 0;
  while (i < positions.length) {
    const start = positions[i]!;
    const limit = Math.min(segmentEnd(start), start + limits.maxBytes);
    let end = start + lengths[i]!;
    let j = i + 1;
    for (; j < positions.length; j++) {
      const at = positions[j]!;
      const recordEnd = at + lengths[j]!;
      if (at - end > limits.maxGap || recordEnd > limit) break;
      end = recordEnd;
    }
    runs.push({ from: i, to: j, start, end });
    i = j;
  }
  return runs;
}
