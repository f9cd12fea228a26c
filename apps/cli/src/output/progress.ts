import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io.js';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A bar with events/s and ETA on stderr when it is a terminal; nothing otherwise (scripts, --json),
 * so stdout stays parseable.
 */
export function startProgress(io: CliIo, what: string, quiet?: boolean): Progress {
  if (quiet || !io.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${what} [{bar}] {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted}`,
    stream: io.stderr as NodeJS.WriteStream,
  });
  const started = Date.now();
  let running = false;
  return {
    update(done, total) {
      if (!running) bar.start(total, 0, { speed: 0 });
      running = true;
      bar.setTotal(total);
      bar.update(done, { speed: Math.round(done / Math.max((Date.now() - started) / 1000, 0.001)) });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
