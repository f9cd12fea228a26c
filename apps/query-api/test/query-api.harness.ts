import { jest } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ReadModelVersions } from '@ledger/consumers-mongodb';
import { testDatabaseName, testMongo, type TestServer } from '@ledger/testing';
import { type Db, type Document, Long, MongoClient } from 'mongodb';
import type { Projected } from './read-model.fixtures.js';
import type { Environment } from '../src/config/query-api.config.js';
import { createQueryApi } from '../src/create-query-api.js';
import { OWNER_A } from './read-model.fixtures.js';

// An embedded MongoDB and a Nest app per file take a second or two on a busy 2-core box.
jest.setTimeout(30_000);

export const ANALYST_KEY = 'analyst-key-for-tests';
export const CLIENT_KEY = 'client-key-for-tests';
export const BOUND_KEY = 'bound-analyst-key-for-tests';
export const API_KEYS = JSON.stringify({
  client: [CLIENT_KEY],
  analyst: { 'analyst-all': ANALYST_KEY, 'analyst-a': { key: BOUND_KEY, owners: [OWNER_A] } },
});

/**
 * One MongoDB per test file (embedded in memory, or `TEST_MONGODB_URL`'s) with a database of the
 * file's own, the query API over it, and the official client to write read models and checkpoints
 * as the projectors would.
 */
export class QueryApiHarness {
  private constructor(
    private readonly mongo: TestServer,
    readonly app: NestFastifyApplication,
    readonly client: MongoClient,
    readonly db: Db,
  ) {}

  static async start(env: Environment = {}): Promise<QueryApiHarness> {
    const mongo = await testMongo();
    const database = testDatabaseName('query');
    const app = await createQueryApi({
      API_KEYS,
      MONGODB_URI: mongo.url,
      MONGODB_DATABASE: database,
      LOG_LEVEL: 'silent',
      ...env,
    });
    const client = await new MongoClient(mongo.url).connect();
    return new QueryApiHarness(mongo, app, client, client.db(database));
  }

  /** Writes documents into the collection currently serving `readModel` (or into `collection`). */
  async seed<D extends Document>(
    readModel: string,
    documents: Projected<D>[],
    collection?: string,
  ): Promise<void> {
    const target = collection ?? (await new ReadModelVersions(this.db).current(readModel));
    if (documents.length > 0) await this.db.collection<Document>(target).insertMany(documents);
  }

  async checkpoint(readModel: string, position: bigint): Promise<void> {
    await this.db
      .collection<{ _id: string; position: Long }>('checkpoints')
      .updateOne({ _id: readModel }, { $set: { position: Long.fromBigInt(position) } }, { upsert: true });
  }

  /** GET with an analyst key by default; `null` sends no key at all. */
  get(url: string, headers: Record<string, string> = {}, key: string | null = ANALYST_KEY) {
    return this.app.inject({
      method: 'GET',
      url,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    });
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.client.close();
    await this.mongo.stop();
  }
}

/** Follows nextCursor from `url` to the end, answering every item in order. */
export async function allPages<I>(
  harness: QueryApiHarness,
  url: string,
  between: (page: number, served: I[]) => Promise<void> = async () => {},
  key = ANALYST_KEY,
): Promise<{ items: I[]; pages: number }> {
  const items: I[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const res = await harness.get(cursor ? `${url}${separator}cursor=${cursor}` : url, {}, key);
    if (res.statusCode !== 200) throw new Error(`page ${pages}: ${res.statusCode} ${res.body}`);
    const body = res.json<{ items: I[]; nextCursor: string | null }>();
    items.push(...body.items);
    cursor = body.nextCursor;
    pages += 1;
    if (cursor) await between(pages, items);
  } while (cursor);
  return { items, pages };
}

export { eventually } from '@ledger/testing';
