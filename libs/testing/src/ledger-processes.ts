import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { type EmbeddedMongoServer, startMongoServer } from '@embedded-servers/mongodb';
import { type ChildServer, startAppProcess } from './app-process.js';

const app = (name: string): string =>
  fileURLToPath(new URL(`../../../apps/${name}/src/main.ts`, import.meta.url));

/** The write side of the system as it runs: embedded servers (in memory), the command API and the projectors as processes. */
export type LedgerProcesses = {
  store: EmbeddedEventStore;
  mongo: EmbeddedMongoServer;
  commandApiUrl: string;
  clientKey: string;
  stop(): Promise<void>;
};

export async function startLedgerProcesses(): Promise<LedgerProcesses> {
  const [store, mongo] = await Promise.all([
    startEventStore({ memory: true, port: 0 }),
    startMongoServer({ memory: true, port: 0 }),
  ]);
  const clientKey = `client-${randomUUID()}`;
  const shared = {
    API_KEYS: JSON.stringify({ client: [clientKey], operator: [`operator-${randomUUID()}`] }),
    EVENTSTORE_CONNECTION_STRING: store.connectionString,
    MONGODB_URI: mongo.uri,
    LOG_LEVEL: 'log', // the "listening" line that startAppProcess waits for is at this level
  };
  const started: ChildServer[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((server) => server.stop()));
    await Promise.all([store.stop(), mongo.stop()]);
  };
  try {
    const commandApi = await startAppProcess(app('command-api'), { ...shared, COMMAND_API_PORT: '0' });
    started.push(commandApi.server);
    const projectors = await startAppProcess(app('projectors'), { ...shared, PROJECTORS_PORT: '0' });
    started.push(projectors.server);
    return { store, mongo, commandApiUrl: commandApi.url, clientKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
