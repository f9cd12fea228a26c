import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { type EmbeddedMongoServer, startMongoServer } from '@embedded-servers/mongodb';
import { type Db, MongoClient } from 'mongodb';
import type { ProjectorsOptions } from '../src/app.module.js';
import type { Environment } from '../src/config/projectors.config.js';
import { createProjectors } from '../src/create-projectors.js';

// Two embedded servers and a Nest app per file take a few seconds on a busy 2-core box.
jest.setTimeout(60_000);

export const OPERATOR_KEY = 'operator-key-for-tests';
export const ANALYST_KEY = 'analyst-key-for-tests';
export const API_KEYS = JSON.stringify({ operator: [OPERATOR_KEY], analyst: [ANALYST_KEY] });

/**
 * One embedded event store and one embedded MongoDB (in memory) per test file, the projectors
 * over them, and the official clients to write events and read documents as other processes do.
 */
export class ProjectorsHarness {
  private readonly copies: NestFastifyApplication[] = [];

  private constructor(
    readonly store: EmbeddedEventStore,
    private mongoServer: EmbeddedMongoServer,
    readonly app: NestFastifyApplication,
    readonly writer: EventStoreDBClient,
    readonly mongoClient: MongoClient,
    readonly db: Db,
    private readonly database: string,
  ) {}

  static async start(env: Environment = {}, options: ProjectorsOptions = {}): Promise<ProjectorsHarness> {
    const [store, mongo] = await Promise.all([
      startEventStore({ memory: true, port: 0 }),
      startMongoServer({ memory: true, port: 0 }),
    ]);
    const database = `projectors-${randomUUID()}`;
    const app = await createProjectors(harnessEnv(store, mongo, database, env), options);
    const mongoClient = await new MongoClient(mongo.uri).connect();
    const writer = EventStoreDBClient.connectionString(store.connectionString);
    return new ProjectorsHarness(store, mongo, app, writer, mongoClient, mongoClient.db(database), database);
  }

  get mongo(): EmbeddedMongoServer {
    return this.mongoServer;
  }

  /** MongoDB goes away (an outage); `restartMongo` brings an empty one back on the same port. */
  async stopMongo(): Promise<void> {
    await this.mongoServer.stop();
  }

  async restartMongo(): Promise<void> {
    this.mongoServer = await startMongoServer({ memory: true, port: this.mongoServer.port });
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

function harnessEnv(
  store: EmbeddedEventStore,
  mongo: EmbeddedMongoServer,
  database: string,
  env: Environment,
): Environment {
  return {
    API_KEYS,
    EVENTSTORE_CONNECTION_STRING: store.connectionString,
    MONGODB_URI: mongo.uri,
    MONGODB_DATABASE: database,
    LOG_LEVEL: 'silent',
    ...env,
  };
}

export { eventually } from '@ledger/testing';
