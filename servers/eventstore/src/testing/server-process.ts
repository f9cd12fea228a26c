import {
  type ServerProcess as ChildServerProcess,
  startServerProcess as start,
} from '@embedded-servers/storage';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** The standalone server (`npm run eventstore`) running as a real child process. */
export interface ServerProcess extends ChildServerProcess {
  connectionString: string;
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
  /** Variables added to the server's environment. */
  env?: Readonly<Record<string, string>>;
}

/** Starts `main.ts` on a free port (`--port 0`) over `dataDir` (in memory without one). */
export async function startServerProcess(
  dataDir: string | undefined,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const dataArgs = dataDir === undefined ? ['--memory'] : ['--data-dir', dataDir];
  const server = await start({
    script: MAIN,
    compiledScript: options.compiledMain,
    nodeArgs: options.nodeArgs,
    args: ['--port', '0', ...dataArgs, ...(options.serverArgs ?? [])],
    readyTimeoutMs: options.readyTimeoutMs,
    env: options.env,
  });
  return { ...server, connectionString: server.uri };
}
