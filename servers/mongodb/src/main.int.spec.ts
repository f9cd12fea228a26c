import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { MongoClient } from 'mongodb';

const MAIN = path.resolve('servers/mongodb/src/main.ts');

/** Starts the CLI and resolves with the port it reports once listening. */
function startCli(args: string[]): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', MAIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on [\d.]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
}

describe('npm run mongodb (the standalone CLI)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'serves the driver and stops cleanly on %s',
    async (signal) => {
      const { child, port, output } = await startCli(['--memory', '--port', '0', '--host', '127.0.0.1']);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      const client = await new MongoClient(`mongodb://127.0.0.1:${port}`).connect();
      try {
        expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      } finally {
        await client.close();
      }
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(output()).toContain(`${signal}: stopping`);
    },
    30_000,
  );
});
