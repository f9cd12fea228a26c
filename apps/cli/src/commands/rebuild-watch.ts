import { SingleBar } from 'cli-progress';
import type { ProjectorsClient } from '../projectors/projectors.client.js';
import { FINISHED_REBUILD_STATES, type RebuildView } from '@ledger/api-views';
import type { CliIo } from '../output/cli-io.js';

const POLL_MS = 250;

/**
 * Polls a rebuild until it ends or the user presses Ctrl-C (which only stops watching). A bar
 * with events/s and ETA goes to stderr when it is a terminal and --json is not asked for.
 */
export async function watchRebuild(
  client: ProjectorsClient,
  io: CliIo,
  started: RebuildView,
  json?: boolean,
): Promise<RebuildView> {
  const bar =
    !json && io.stderr.isTTY
      ? new SingleBar({
          format: `${started.readModel} [{bar}] {percentage}% | {handled} events | {speed} events/s | {state} | ETA {eta_formatted}`,
          stream: io.stderr as NodeJS.WriteStream,
        })
      : undefined;
  bar?.start(100, 0, { handled: 0, speed: 0, state: started.state });
  let interrupted = false;
  void io.interrupted.then(() => (interrupted = true));
  let current = started;
  try {
    while (!FINISHED_REBUILD_STATES.has(current.state) && !interrupted) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      current = await client.get<RebuildView>(`/rebuilds/${encodeURIComponent(started.id)}`);
      bar?.update(Math.floor(current.progress * 100), {
        handled: current.handled,
        speed: current.eventsPerSecond,
        state: current.state,
      });
    }
  } finally {
    bar?.stop();
  }
  return current;
}
