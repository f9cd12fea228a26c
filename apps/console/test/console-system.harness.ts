import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedEventStore, startEventStore } from '@embedded-servers/eventstore';
import { type EmbeddedMongoServer, startMongoServer } from '@embedded-servers/mongodb';
import { startAppProcess } from '@ledger/testing';
// @ts-expect-error a plain .mjs script, shared with npm start's build step, without declarations
import { buildConsolePageIfStale } from '../../../scripts/console-page.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const KEYS = {
  client: 'client-key-console',
  analyst: 'analyst-key-console',
  operator: 'operator-key-console',
};
const API_KEYS = JSON.stringify({
  client: [KEYS.client],
  analyst: [KEYS.analyst],
  operator: [KEYS.operator],
});

/** Builds the page (`npm run build:console`) unless its build is newer than its sources. */
export function buildPageIfStale(): void {
  buildConsolePageIfStale(ROOT);
}

/** Four apps compile and start at once: on a shared, busy 2-core machine that is slow. */
export const START_TIMEOUT_MS = 120_000;

/** How to stop each thing started, in the order started: the two servers first, then the apps. */
const running: Array<() => Promise<void>> = [];
const started =
  <T>(stop: (thing: T) => Promise<void>) =>
  (thing: T): T => {
    running.push(() => stop(thing));
    return thing;
  };

/**
 * The whole system on free ports: the embedded servers in this process, and the command API, the
 * query API, the projectors and the console as their own processes, as `npm start` runs them.
 */
export class ConsoleSystem {
  private constructor(
    readonly store: EmbeddedEventStore,
    readonly mongo: EmbeddedMongoServer,
    readonly urls: { commandApi: string; queryApi: string; projectors: string; console: string },
  ) {}

  static async start(): Promise<ConsoleSystem> {
    buildPageIfStale();
    const [store, mongo] = await Promise.all([
      startEventStore({ memory: true, port: 0 }).then(started(async (s) => s.stop())),
      startMongoServer({ memory: true, port: 0 }).then(started(async (s) => s.stop())),
    ]);
    const common = {
      API_KEYS,
      EVENTSTORE_CONNECTION_STRING: store.connectionString,
      MONGODB_URI: mongo.uri,
      // 'log' at least: startAppProcess waits for the "listening" line.
      LOG_LEVEL: 'log',
    };
    const app = (name: string, env: Record<string, string>) =>
      startAppProcess(join(ROOT, `apps/${name}/src/main.ts`), { ...common, ...env }, START_TIMEOUT_MS).then(
        started(async (s) => s.server.stop()),
      );
    const [commandApi, queryApi, projectors] = await Promise.all([
      app('command-api', { COMMAND_API_PORT: '0' }),
      app('query-api', { QUERY_API_PORT: '0' }),
      app('projectors', { PROJECTORS_PORT: '0' }),
    ]);
    const console = await app('console', { CONSOLE_PORT: '0', PROJECTORS_URL: projectors.url });
    return new ConsoleSystem(store, mongo, {
      commandApi: commandApi.url,
      queryApi: queryApi.url,
      projectors: projectors.url,
      console: console.url,
    });
  }

  /** A command through the command API, as a client sends it. */
  async command(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Record<string, string>> {
    const response = await fetch(`${this.urls.commandApi}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.client}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, string>;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }

  /** A read through the query API, as an analyst sends it: status and body. */
  async query(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.urls.queryApi}${path}`, {
      headers: { authorization: `Bearer ${KEYS.analyst}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** Stops whatever `start` got running, even when it failed or timed out half way. */
  static async stop(): Promise<void> {
    const [servers, apps] = [running.slice(0, 2), running.slice(2)];
    running.length = 0;
    await Promise.all(apps.map((stop) => stop()));
    await Promise.all(servers.map((stop) => stop()));
  }
}
