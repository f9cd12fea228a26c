import { randomUUID } from 'node:crypto';

/**
 * The servers a test file runs against: embedded ones started in this process (in memory), or,
 * when `TEST_EVENTSTORE_URL` / `TEST_MONGODB_URL` are set, the external servers they name (a real
 * KurrentDB and MongoDB in CI, or the embedded ones as separate processes). An external server is
 * shared: tests keep to their own streams and their own database (`testDatabaseName`).
 */
export interface TestServer {
  /** The connection string for the official client and for the apps' settings. */
  readonly url: string;
  /** True on a server named by the environment, shared with other tests and left running. */
  readonly external: boolean;
  /** Stops the embedded server; an external one is left as it is. */
  stop(): Promise<void>;
}

const EVENTSTORE_URL = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/;
const MONGODB_URL = /^mongodb(\+srv)?:\/\/\S+$/;

/** The event store for a test file: `TEST_EVENTSTORE_URL`, or an embedded one in memory. */
export async function testEventStore(): Promise<TestServer> {
  const external = externalUrl('TEST_EVENTSTORE_URL', EVENTSTORE_URL, 'an esdb:// connection string');
  if (external) return { url: external, external: true, stop: async () => {} };
  // Loaded only here, so files that never start a server do not load it.
  const { startEventStore } = await import('@embedded-servers/eventstore');
  const server = await startEventStore({ memory: true, port: 0 });
  return { url: server.connectionString, external: false, stop: () => server.stop() };
}

/** MongoDB for a test file: `TEST_MONGODB_URL`, or an embedded one in memory. */
export async function testMongo(): Promise<TestServer> {
  const external = externalUrl('TEST_MONGODB_URL', MONGODB_URL, 'a mongodb:// connection string');
  if (external) return { url: external, external: true, stop: async () => {} };
  const { startMongoServer } = await import('@embedded-servers/mongodb');
  const server = await startMongoServer({ memory: true, port: 0 });
  return { url: server.uri, external: false, stop: () => server.stop() };
}

/** A database no other test uses, so a shared MongoDB works; within MongoDB's 63-character limit. */
export function testDatabaseName(prefix: string): string {
  return `${prefix}-${randomUUID()}`.slice(0, 63);
}

// The one place tests read these variables; a wrong value stops the run with what was expected.
function externalUrl(variable: string, shape: RegExp, expected: string): string | undefined {
  const value = process.env[variable];
  if (value === undefined || value === '') return undefined;
  if (!shape.test(value)) throw new Error(`${variable} must be ${expected}, got ${JSON.stringify(value)}`);
  return value;
}
