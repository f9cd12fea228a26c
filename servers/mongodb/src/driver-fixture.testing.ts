import { MongoClient, type Collection, type Document, type MongoClientOptions } from 'mongodb';
import { startMongoServer, type EmbeddedMongoServer } from './index.js';

/**
 * An embedded MongoDB in memory and a connected driver for the enclosing `describe`: started
 * before its tests, closed and stopped after them. `fresh()` hands each test a collection of its
 * own in database `db`.
 */
export function mongoForDriverTests(
  db: string,
  clientOptions?: MongoClientOptions,
): {
  readonly server: EmbeddedMongoServer;
  readonly client: MongoClient;
  fresh<T extends Document = Document>(): Collection<T>;
} {
  let server: EmbeddedMongoServer | undefined;
  let client: MongoClient | undefined;
  let seq = 0;
  beforeAll(async () => {
    server = await startMongoServer({ port: 0, memory: true });
    client = await new MongoClient(server.uri, clientOptions).connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test MongoDB is not started yet (use it inside a test)');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get client() {
      return started(client);
    },
    fresh: <T extends Document = Document>() => started(client).db(db).collection<T>(`c${++seq}`),
  };
}
