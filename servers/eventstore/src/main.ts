// `npm run eventstore`: the server as a process. Options, logging, signals and exit codes are
// the ones both embedded servers share (@embedded-servers/storage).
import { integerFlag, runServerCommand } from '@embedded-servers/storage';
import { startEventStore } from './embedded-event-store.js';

/** Statistics events on a standalone node, as a real one writes them (consumers must filter). */
const DEFAULT_STATS_INTERVAL_MS = 5 * 60_000;

await runServerCommand({
  name: 'eventstore',
  defaultPort: 2113,
  portVariable: 'EVENTSTORE_PORT',
  extraFlags: {
    'stats-interval-ms': {
      default: String(DEFAULT_STATS_INTERVAL_MS),
      help: 'how often $statsCollected is written',
    },
  },
  async start(options, log) {
    const statsIntervalMs = integerFlag(options, 'stats-interval-ms');
    const store = await startEventStore({ ...options, statsIntervalMs, log });
    return { uri: store.connectionString, stop: () => store.stop() };
  },
});
