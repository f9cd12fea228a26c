import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `@swc-node/register` resolves from. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A server's command line (`npm run eventstore`, `npm run mongodb`) running as a real child process. */
export interface ChildServer {
  child: ChildProcess;
  /** The match of `ready` in the server's output: where it listens. */
  ready: RegExpExecArray;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no shutdown code runs, exactly like a crash or power cut for the process. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** The TypeScript entry point, run through the TypeScript loader. */
  script: string;
  /** Arguments after the script. */
  args: readonly string[];
  /** What the server prints once it accepts connections. */
  ready: RegExp;
  /** Extra node flags (e.g. `--cpu-prof`), placed before the script. */
  nodeArgs?: readonly string[];
  /** A compiled `main.js` to run with plain node instead of `script` through the loader. */
  compiledScript?: string;
  /** How long to wait for `ready`. */
  readyTimeoutMs?: number;
  /** Variables added to this process's environment. */
  env?: Readonly<Record<string, string>>;
}

/** Starts the server and resolves once its output matches `ready`, or rejects at the deadline. */
export function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const entry = options.compiledScript
    ? [options.compiledScript]
    : ['--import', '@swc-node/register/esm-register', options.script];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...entry, ...options.args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const timeoutMs = options.readyTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(deadline);
      child.kill('SIGKILL');
      reject(new Error(`${options.script} ${reason}; output:\n${output}`));
    };
    const deadline = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    const onOutput = (): void => {
      const ready = options.ready.exec(output);
      if (!ready) return;
      clearTimeout(deadline);
      child.stdout!.off('data', onOutput);
      child.off('exit', onExit);
      resolve({
        child,
        ready,
        output: () => output,
        exited,
        kill: () => end('SIGKILL'),
        stop: () => end('SIGTERM'),
      });
    };
    const onExit = (): void => fail('exited before it was ready');
    // Registered after the collectors above, so `output` already holds the chunk.
    child.stdout!.on('data', onOutput);
    child.once('exit', onExit);
  });
}

/** What an app's main.ts logs once it listens: `{"msg":"listening","url":"http://…"}`. */
const APP_LISTENING = /"url":"(http:\/\/[^"]+)"/;

/** An app (`apps/<name>/src/main.ts`) as a real process, and the URL it listens on. */
export async function startAppProcess(
  script: string,
  env: Readonly<Record<string, string>>,
  // An app compiles through the TypeScript loader as it starts: past 20 s on a busy 2-core machine.
  readyTimeoutMs = 60_000,
): Promise<{ server: ChildServer; url: string }> {
  const server = await startChildServer({ script, args: [], ready: APP_LISTENING, env, readyTimeoutMs });
  // Fastify may report the IPv6 loopback; clients here dial IPv4.
  return { server, url: server.ready[1]!.replace('[::1]', '127.0.0.1') };
}
