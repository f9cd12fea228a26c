/** The wait before the first restart; each crash in a row doubles it, up to MAX_RESTART_DELAY_MS. */
export const FIRST_RESTART_DELAY_MS = 500;
export const MAX_RESTART_DELAY_MS = 30_000;
/** A process that ran this long before it died starts again from the first delay. */
export const HEALTHY_RUN_MS = 30_000;

/** The wait before restarting a process that has crashed `crashesInARow` times (1 = first). */
export function restartDelayMs(crashesInARow: number): number {
  return Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** Math.max(0, crashesInARow - 1));
}

/** Crashes in a row after one more crash, given how long the process had run. */
export function crashesAfter(previousInARow: number, ranMs: number): number {
  return ranMs >= HEALTHY_RUN_MS ? 1 : previousInARow + 1;
}
