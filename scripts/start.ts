// The whole system on one machine: the embedded event store and MongoDB (unless real servers are
// named by EVENTSTORE_CONNECTION_STRING / MONGODB_URI), then the three apps, each its own process.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

type Role = 'client' | 'analyst' | 'operator';

const root = resolve(import.meta.dirname, '..');
const env = process.env;
const dataDir = resolve(root, env.DATA_DIR ?? 'data');
const host = '127.0.0.1';
const ports = {
  eventstore: Number(env.EVENTSTORE_PORT ?? 2113),
  mongodb: Number(env.MONGODB_PORT ?? 27017),
  commandApi: Number(env.COMMAND_API_PORT ?? 3000),
  queryApi: Number(env.QUERY_API_PORT ?? 3001),
  projectors: Number(env.PROJECTORS_PORT ?? 3002),
};
const children: ChildProcess[] = [];
let stopping = false;

function runTypeScript(
  name: string,
  entry: string,
  args: string[],
  extraEnv: Record<string, string>,
): ChildProcess {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', entry, ...args], {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] ${name} exited (${signal ?? code}); stopping the system`);
    void stopAll(1);
  });
  children.push(child);
  return child;
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), done(true)));
    socket.once('error', () => (socket.destroy(), done(false)));
  });
}

async function waitForPort(name: string, port: number, deadlineMs = 60_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await portAccepts(port))) {
    if (stopping) return;
    if (Date.now() > deadline)
      throw new Error(`${name} did not listen on ${host}:${port} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function apiKeys(): Record<Role, string> {
  const file = join(dataDir, 'api-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<Role, string>;
  const keys = {
    client: randomBytes(24).toString('base64url'),
    analyst: randomBytes(24).toString('base64url'),
    operator: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Apps first, servers last, so nothing loses its store while still working.
  for (const child of [...children].reverse()) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  process.exit(code);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

mkdirSync(dataDir, { recursive: true });
const appEnv: Record<string, string> = {
  EVENTSTORE_CONNECTION_STRING:
    env.EVENTSTORE_CONNECTION_STRING ?? `esdb://${host}:${ports.eventstore}?tls=false`,
  MONGODB_URI: env.MONGODB_URI ?? `mongodb://${host}:${ports.mongodb}`,
};

try {
  if (!env.EVENTSTORE_CONNECTION_STRING) {
    const dir = join(dataDir, 'eventstore');
    runTypeScript(
      'eventstore',
      'libs/embedded-eventstore/src/main.ts',
      ['--host', host, '--port', `${ports.eventstore}`, '--data-dir', dir],
      {},
    );
    await waitForPort('the embedded event store', ports.eventstore);
  }
  if (!env.MONGODB_URI) {
    const dir = join(dataDir, 'mongodb');
    runTypeScript(
      'mongodb',
      'libs/embedded-mongodb/src/main.ts',
      ['--host', host, '--port', `${ports.mongodb}`, '--data-dir', dir],
      {},
    );
    await waitForPort('the embedded MongoDB', ports.mongodb);
  }
  const keys = apiKeys();
  appEnv.API_KEYS =
    env.API_KEYS ??
    JSON.stringify({ client: [keys.client], analyst: [keys.analyst], operator: [keys.operator] });

  runTypeScript('command-api', 'apps/command-api/src/main.ts', [], {
    ...appEnv,
    COMMAND_API_PORT: `${ports.commandApi}`,
  });
  runTypeScript('query-api', 'apps/query-api/src/main.ts', [], {
    ...appEnv,
    QUERY_API_PORT: `${ports.queryApi}`,
  });
  runTypeScript('projectors', 'apps/projectors/src/main.ts', [], {
    ...appEnv,
    PROJECTORS_PORT: `${ports.projectors}`,
  });
  await Promise.all([
    waitForPort('command-api', ports.commandApi),
    waitForPort('query-api', ports.queryApi),
    waitForPort('projectors', ports.projectors),
  ]);
  if (!stopping) {
    console.log(
      [
        '[start] the ledger is running:',
        `  command API  http://${host}:${ports.commandApi}  (OpenAPI at /docs)`,
        `  query API    http://${host}:${ports.queryApi}`,
        `  projectors   http://${host}:${ports.projectors}`,
        `  event store  ${appEnv.EVENTSTORE_CONNECTION_STRING}`,
        `  MongoDB      ${appEnv.MONGODB_URI}`,
        env.API_KEYS ? '  API keys     from API_KEYS' : `  API keys     ${join(dataDir, 'api-keys.json')}`,
        'Stop with Ctrl-C.',
      ].join('\n'),
    );
  }
} catch (error) {
  console.error(`[start] ${(error as Error).message}`);
  await stopAll(1);
}
