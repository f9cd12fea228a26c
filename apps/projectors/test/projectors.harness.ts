import { jest } from '@jest/globals';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startMongoServer } from '@embedded-servers/mongodb';
import { testDatabaseName, testEventStore, testMongo, type TestServer } from '@ledger/testing';
import { type Db, MongoClient } from 'mongodb';
import type { ProjectorsOptions } from '../src/app.module.js';
import type { Environment } from '../src/config/projectors.config.js';
import { createProjectors } from '../src/create-projectors.js';

// Two embedded servers and a Nest app per file take a few seconds on a busy 2-core box.
jest.setTimeout(60_000);

export const OPERATOR_KEY = 'operator-key-for-tests';
export const ANALYST_KEY = 'analyst-key-for-tests';
export const API_KEYS = JSON.stringify({ operator: [OPERATOR_KEY], analyst: [ANALYST_KEY] });

/** The app's options, and `ownMongo` for a test that stops MongoDB (see `OwnMongo`). */
export type HarnessOptions = ProjectorsOptions & { ownMongo?: boolean };

/**
 * One event store and one MongoDB per test file (embedded in memory, or the external servers that
 * `TEST_EVENTSTORE_URL` / `TEST_MONGODB_URL` name) with a database of the file's own, the projectors
 * over them, and the official clients to write events and read documents as other processes do.
 */
export class ProjectorsHarness {
  private readonly copies: NestFastifyApplication[] = [];

  private constructor(
    readonly store: TestServer,
    private mongoServer: TestServer,
    readonly app: NestFastifyApplication,
    readonly writer: EventStoreDBClient,
    readonly mongoClient: MongoClient,
    readonly db: Db,
    private readonly database: string,
  ) {}

  static async start(env: Environment = {}, options: HarnessOptions = {}): Promise<ProjectorsHarness> {
    const { ownMongo: own, ...appOptions } = options;
    const [store, mongo] = await Promise.all([testEventStore(), own ? ownMongo() : testMongo()]);
    const database = testDatabaseName('projectors');
    const app = await createProjectors(harnessEnv(store, mongo, database, env), appOptions);
    const mongoClient = await new MongoClient(mongo.url).connect();
    const writer = EventStoreDBClient.connectionString(store.url);
    return new ProjectorsHarness(store, mongo, app, writer, mongoClient, mongoClient.db(database), database);
  }

  get mongo(): TestServer {
    return this.mongoServer;
  }

  /** MongoDB goes away (an outage); `restartMongo` brings an empty one back on the same port. */
  async stopMongo(): Promise<void> {
    if (!(this.mongoServer instanceof OwnMongo)) throw new Error('start the harness with { ownMongo: true }');
    await this.mongoServer.stop();
  }

  async restartMongo(): Promise<void> {
    if (!(this.mongoServer instanceof OwnMongo)) throw new Error('start the harness with { ownMongo: true }');
    this.mongoServer = await ownMongo(this.mongoServer.port);
  }

  /** Another projectors process over the same servers (several run for availability). */
  async startCopy(env: Environment = {}, options: ProjectorsOptions = {}): Promise<NestFastifyApplication> {
    const copy = await createProjectors(harnessEnv(this.store, this.mongo, this.database, env), options);
    this.copies.push(copy);
    return copy;
  }

  /** Appends JSON events to a stream with the official client; answers the last commit position. */
  async append(
    stream: string,
    events: Array<{ type: string; data: Record<string, unknown> }>,
  ): Promise<bigint> {
    const result = await this.writer.appendToStream(
      stream,
      events.map((e) => jsonEvent({ type: e.type, data: e.data })),
    );
    return result.position!.commit;
  }

  get(url: string, key?: string, app = this.app) {
    return app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} });
  }

  post(url: string, key?: string, app = this.app) {
    return app.inject({ method: 'POST', url, headers: key ? { authorization: `Bearer ${key}` } : {} });
  }

  async stop(): Promise<void> {
    await Promise.all(this.copies.map((copy) => copy.close()));
    await this.app.close();
    await Promise.all([this.writer.dispose(), this.mongoClient.close()]);
    await Promise.all([this.store.stop(), this.mongoServer.stop()]);
  }
}

function harnessEnv(store: TestServer, mongo: TestServer, database: string, env: Environment): Environment {
  return {
    API_KEYS,
    EVENTSTORE_CONNECTION_STRING: store.url,
    MONGODB_URI: mongo.url,
    MONGODB_DATABASE: database,
    LOG_LEVEL: 'silent',
    ...env,
  };
}

/**
 * An embedded MongoDB this test file stops and starts itself (an outage), whatever
 * `TEST_MONGODB_URL` says: a shared server cannot be stopped under other tests.
 */
class OwnMongo implements TestServer {
  readonly external = false;
  constructor(
    private readonly server: Awaited<ReturnType<typeof startMongoServer>>,
    readonly url = server.uri,
    readonly port = server.port,
  ) {}

  stop(): Promise<void> {
    return this.server.stop();
  }
}

async function ownMongo(port = 0): Promise<OwnMongo> {
  return new OwnMongo(await startMongoServer({ memory: true, port }));
}

export { eventually } from '@ledger/testing';
