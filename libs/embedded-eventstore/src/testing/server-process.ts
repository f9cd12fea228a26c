import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
/** The repository root, where `@swc-node/register` resolves from. */
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CONNECTION_STRING = /esdb:\/\/[^\s]+\?tls=false/;

/** The standalone server (`npm run eventstore`) running as a real child process. */
export interface ServerProcess {
  child: ChildProcess;
  connectionString: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no shutdown code runs, exactly like a crash or power cut for the process. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Extra node flags (e.g. `--cpu-prof`), placed before the script. */
  nodeArgs?: readonly string[];
  /** Extra server flags (e.g. `--memory`). */
  serverArgs?: readonly string[];
  /** How long to wait for the server to print its connection string. */
  readyTimeoutMs?: number;
  /** A compiled `main.js` to run with plain node instead of `main.ts` through the TypeScript loader. */
  compiledMain?: string;
}

/**
 * Starts `main.ts` on a free port (`--port 0`) over `dataDir` and resolves once it prints the
 * connection string it listens on, polling its output against a deadline.
 */
export function startServerProcess(
  dataDir: string | undefined,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const dataArgs = dataDir === undefined ? ['--memory'] : ['--data-dir', dataDir];
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      ...(options.compiledMain
        ? [options.compiledMain]
        : ['--import', '@swc-node/register/esm-register', MAIN]),
      '--port',
      '0',
      ...dataArgs,
      ...(options.serverArgs ?? []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
      reject(new Error(`event store process ${reason}; output:\n${output}`));
    };
    const deadline = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    const onOutput = (): void => {
      const match = CONNECTION_STRING.exec(output);
      if (!match) return;
      clearTimeout(deadline);
      child.stdout!.off('data', onOutput);
      child.off('exit', onExit);
      resolve({
        child,
        connectionString: match[0],
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
