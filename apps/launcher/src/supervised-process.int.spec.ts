import { freePort } from '@embedded-servers/storage';
import { eventually } from '@ledger/testing';
import { acceptsConnections, type ReadinessProbe } from './readiness.js';
import { SupervisedProcess } from './supervised-process.js';

/** A part running `script` with node, the launcher's console lines about it collected. */
function supervised(script: string, probe: ReadinessProbe) {
  const lines: string[] = [];
  const part = new SupervisedProcess({
    name: 'part-1',
    args: ['-e', script],
    cwd: '.',
    env: {},
    probe,
    address: 'here',
    readyTimeoutMs: 20_000,
    report: (line) => lines.push(line),
  });
  return { part, lines };
}

describe('a supervised process', () => {
  it('that dies on its first start is reported as such, and not restarted', async () => {
    const { part, lines } = supervised('process.exit(3)', async () => false);
    expect(await part.start()).toBe(false);
    expect(part.state).toBe('failed to start');
    expect(lines).toEqual([
      expect.stringMatching(/^part-1 \(pid \d+\) died while starting \(exit code 3\); see its output above$/),
    ]);
  });

  it('that dies once it has been ready is restarted after a backoff', async () => {
    const port = await freePort();
    const { part, lines } = supervised(
      `require('node:net').createServer().listen(${port}, '127.0.0.1')`,
      acceptsConnections('127.0.0.1', port),
    );
    try {
      expect(await part.start()).toBe(true);
      const first = part.pid!;
      process.kill(first, 'SIGKILL');
      await eventually(
        () => (lines.some((line) => line.startsWith('part-1 ready again')) ? true : undefined),
        'the restart',
        20_000,
      );
      expect(lines).toEqual([
        `part-1 (pid ${first}) died (SIGKILL); restarting in 500 ms (crash 1 in a row)`,
        `part-1 ready again: here (pid ${part.pid})`,
      ]);
      expect(part.pid).not.toBe(first);
    } finally {
      await part.stop();
    }
  });
});
