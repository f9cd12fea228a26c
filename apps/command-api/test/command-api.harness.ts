import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { EventStoreDBClient, type JSONRecordedEvent, StreamNotFoundError } from '@eventstore/db-client';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { accountStreamName } from '@ledger/domain';
import { newEventsFor, serializeEvent } from '@ledger/event-store';
import { testEventStore, type TestServer } from '@ledger/testing';
import type { CommandApiOptions } from '../src/app.module.js';
import { createCommandApi } from '../src/create-command-api.js';
import type { Environment } from '../src/config/command-api.config.js';

// Starting a store and a Nest app per file takes a few seconds on a busy 2-core CI box: more than jest's 5 s default.
jest.setTimeout(30_000);

export const CLIENT_KEY = 'client-key-for-tests';
export const ANALYST_KEY = 'analyst-key-for-tests';
export const API_KEYS = JSON.stringify({ client: [CLIENT_KEY], analyst: [ANALYST_KEY] });

/**
 * One event store per test file (embedded in memory, or `TEST_EVENTSTORE_URL`'s), the app over it,
 * and a reader. Every test works on streams of its own (random ids), so a shared server works.
 */
export class CommandApiHarness {
  private constructor(
    readonly store: TestServer,
    readonly app: NestFastifyApplication,
    readonly reader: EventStoreDBClient,
  ) {}

  static async start(env: Environment = {}, options: CommandApiOptions = {}): Promise<CommandApiHarness> {
    const store = await testEventStore();
    const app = await createCommandApi(harnessEnv(store, env), options);
    return new CommandApiHarness(store, app, EventStoreDBClient.connectionString(store.url));
  }

  /** Another copy of the command API over the same store (several copies run in production). */
  startCopy(env: Environment = {}, options: CommandApiOptions = {}): Promise<NestFastifyApplication> {
    return createCommandApi(harnessEnv(this.store, env), options);
  }

  /**
   * Writes `count` deposits of 1 straight to an open account's stream, in batches, as if its
   * history had been written long ago (by another process: no snapshot, nothing cached here).
   * Each carries its `balanceAfter` as the command API writes it, counted from `balanceBefore`
   * (0 for an account just opened).
   */
  async appendDeposits(accountId: string, count: number, balanceBefore = 0, batch = 1_000): Promise<void> {
    const streamName = accountStreamName(accountId);
    let balance = balanceBefore;
    for (let written = 0; written < count; written += batch) {
      const events = Array.from({ length: Math.min(batch, count - written) }, () => ({
        type: 'MoneyDeposited' as const,
        data: {
          accountId,
          amount: 1,
          currency: 'EUR',
          depositedAt: new Date().toISOString(),
          balanceAfter: (balance += 1),
        },
      }));
      const context = {
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor: 'history',
        issuedAt: new Date().toISOString(),
      };
      await this.reader.appendToStream(
        streamName,
        newEventsFor(streamName, 'DepositMoney', events, context).map(serializeEvent),
      );
    }
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.reader.dispose();
    await this.store.stop();
  }

  post(url: string, body?: unknown, headers: Record<string, string> = {}, app = this.app) {
    return app.inject({
      method: 'POST',
      url,
      headers: {
        authorization: `Bearer ${CLIENT_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
  }

  async openAccount(overrides: Record<string, unknown> = {}): Promise<string> {
    const accountId = randomUUID();
    const response = await this.post('/accounts', {
      accountId,
      ownerId: randomUUID(),
      currency: 'EUR',
      ...overrides,
    });
    if (response.statusCode !== 201) throw new Error(`open account failed: ${response.body}`);
    return accountId;
  }

  /** The stream as stored, read back with the official client; [] when absent. */
  async readStream(streamName: string): Promise<JSONRecordedEvent[]> {
    const events: JSONRecordedEvent[] = [];
    try {
      for await (const resolved of this.reader.readStream(streamName)) {
        if (resolved.event) events.push(resolved.event as JSONRecordedEvent);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }
}

function harnessEnv(store: TestServer, env: Environment): Environment {
  return { API_KEYS, EVENTSTORE_CONNECTION_STRING: store.url, LOG_LEVEL: 'silent', ...env };
}
