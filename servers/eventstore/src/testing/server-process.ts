import { type ChildServer, startChildServer } from '@embedded-servers/storage';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const CONNECTION_STRING = /esdb:\/\/[^\s]+\?tls=false/;

/** The standalone server (`npm run eventstore`) running as a real child process. */
export interface ServerProcess extends ChildServer {
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
}

/** Starts `main.ts` on a free port (`--port 0`) over `dataDir` (in memory without one). */
export async function startServerProcess(
  dataDir: string | undefined,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const dataArgs = dataDir === undefined ? ['--memory'] : ['--data-dir', dataDir];
  const server = await startChildServer({
    script: MAIN,
    compiledScript: options.compiledMain,
    nodeArgs: options.nodeArgs,
    args: ['--port', '0', ...dataArgs, ...(options.serverArgs ?? [])],
    ready: CONNECTION_STRING,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  return { ...server, connectionString: server.ready[0] };
}
