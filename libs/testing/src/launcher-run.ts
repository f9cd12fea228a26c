import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freePortRange } from '@embedded-servers/storage';
import { eventually } from './eventually.js';

/** The keys the launcher generates into `<DATA_DIR>/api-keys.json`. */
export type LauncherKeys = Record<'client' | 'analyst' | 'operator', string>;

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The first start builds what changed, and a loaded 2-core machine runs several tests at once. */
const READY_TIMEOUT_MS = 90_000;

/**
 * A free block of 15 ports (below the range the OS hands out, so a restart finds them free): the
 * apps on base, base+1, base+2 (their extra processes ten above), the event store on base+3,
 * MongoDB on base+4, the console on base+5.
 */
export async function freePorts(): Promise<Record<string, string>> {
  const base = await freePortRange(15);
  return {
    COMMAND_API_PORT: `${base}`,
    QUERY_API_PORT: `${base + 1}`,
    PROJECTORS_PORT: `${base + 2}`,
    EVENTSTORE_PORT: `${base + 3}`,
    MONGODB_PORT: `${base + 4}`,
    CONSOLE_PORT: `${base + 5}`,
  };
}

/** `npm start` as a user runs it (apps/launcher), in its own process group as a terminal would. */
export class LauncherRun {
  private text = '';
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly env: Record<string, string>,
  ) {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.collect(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.collect(chunk));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** Starts it and waits for the summary it prints once every part is ready. */
  static async start(env: Record<string, string>, args: string[] = []): Promise<LauncherRun> {
    const child = spawn('npm', ['start', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, EVENTSTORE_CONNECTION_STRING: '', MONGODB_URI: '', API_KEYS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const run = new LauncherRun(child, env);
    await run.waitFor(
      /the ledger is ready/,
      'the launcher to print that the ledger is ready',
      READY_TIMEOUT_MS,
    );
    return run;
  }

  output(): string {
    return this.text;
  }

  /** The launcher's own process (not npm's). */
  get launcherPid(): number {
    return Number(/\[start\] launcher pid (\d+)/.exec(this.text)![1]);
  }

  /** The newest pid the launcher reported for a part (`command-api-1`, `eventstore`, …). */
  pidOf(name: string): number {
    const pids = [
      ...this.text.matchAll(new RegExp(`\\[start\\] ${name} ready(?: again)?: \\S+ \\(pid (\\d+)\\)`, 'g')),
    ];
    if (pids.length === 0) throw new Error(`the launcher reported no pid for ${name}`);
    return Number(pids.at(-1)![1]);
  }

  /** An app's URL: `http://127.0.0.1:<its port + 10 × (replica − 1)>`. */
  url(app: 'command-api' | 'query-api' | 'projectors', replica = 1): string {
    const variable = {
      'command-api': 'COMMAND_API_PORT',
      'query-api': 'QUERY_API_PORT',
      projectors: 'PROJECTORS_PORT',
    }[app];
    return `http://127.0.0.1:${Number(this.env[variable]) + 10 * (replica - 1)}`;
  }

  async keys(): Promise<LauncherKeys> {
    return JSON.parse(await readFile(`${this.env.DATA_DIR}/api-keys.json`, 'utf8')) as LauncherKeys;
  }

  /** Waits for a line the launcher prints after `since` (an offset in its output). */
  waitFor(pattern: RegExp, what: string, timeoutMs = 30_000, since = 0): Promise<RegExpExecArray> {
    return eventually(
      () =>
        this.child.exitCode !== null
          ? Promise.reject(new Error(`the launcher exited:\n${this.text}`))
          : (pattern.exec(this.text.slice(since)) ?? undefined),
      what,
      timeoutMs,
    );
  }

  /** Ctrl-C, as a terminal sends it to the foreground group; resolves once every part has exited. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) process.kill(-this.child.pid!, 'SIGINT');
    await this.exited;
    const pids = [
      this.launcherPid,
      ...[...this.text.matchAll(/\(pid (\d+)\)/g)].map(([, pid]) => Number(pid)),
    ];
    await eventually(
      () => (pids.some(alive) ? undefined : true),
      'every process of the system to exit',
      30_000,
    );
  }

  private collect(chunk: string): void {
    this.text += chunk;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A JSON request with a bearer key; the answer's status, headers and parsed body. */
export async function call(
  method: string,
  url: string,
  key: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { items?: Array<Record<string, unknown>> };
}> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    body: type.includes('json') && text ? JSON.parse(text) : { text },
  };
}
