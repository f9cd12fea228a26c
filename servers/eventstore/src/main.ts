import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEventStore } from './embedded-event-store.js';

/** Statistics events on a standalone node, as a real one writes them (consumers must filter). */
const DEFAULT_STATS_INTERVAL_MS = 5 * 60_000;

const log = (line: string): void => console.log(`${new Date().toISOString()} [eventstore] ${line}`);

function options() {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env['EVENTSTORE_PORT'] ?? '2113' },
      'data-dir': { type: 'string', default: join(process.env['DATA_DIR'] ?? 'data', 'eventstore') },
      memory: { type: 'boolean', default: false },
      'stats-interval-ms': { type: 'string', default: String(DEFAULT_STATS_INTERVAL_MS) },
    },
  });
  const port = Number(values.port);
  const statsIntervalMs = Number(values['stats-interval-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`Invalid --port '${values.port}'`);
  if (!Number.isInteger(statsIntervalMs) || statsIntervalMs < 0)
    throw new Error('Invalid --stats-interval-ms');
  return { host: values.host, port, dataDir: values['data-dir'], memory: values.memory, statsIntervalMs };
}

async function main(): Promise<void> {
  // Handlers first: a supervisor may signal the moment it sees the connection string, or while
  // the store starts; the store is then stopped cleanly as soon as it has started.
  let requestStop: () => void = () => undefined;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  let stopping = false;
  const onSignal = (signal: string): void => {
    // A second signal while stopping changes nothing: the first one finishes the job.
    if (stopping) return;
    stopping = true;
    log(`${signal} received, stopping`);
    requestStop();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const store = await startEventStore({ ...options(), log });
  if (!stopping) log(`connection string: ${store.connectionString}`);
  await stopRequested;
  try {
    await store.stop();
  } catch (error) {
    log(`stopping failed: ${String(error)}`);
    process.exit(1);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
