import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';
import type { ProjectorsStatusView } from '@ledger/api-views';
import {
  type ChildServer,
  startAppProcess,
  testDatabaseName,
  testEventStore,
  testMongo,
  type TestServer,
} from '@ledger/testing';
import { eventually } from './projectors.harness.js';

jest.setTimeout(120_000);

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const OPERATOR = 'operator-key-for-scale-out';

/** Two projectors processes over the same servers: the consumers spread, and one survives the other. */
describe('two projectors processes', () => {
  let store: TestServer;
  let mongo: TestServer;
  const processes: ChildServer[] = [];

  beforeAll(async () => {
    [store, mongo] = await Promise.all([testEventStore(), testMongo()]);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await Promise.all([store.stop(), mongo.stop()]);
  });

  const database = testDatabaseName('scale-out');
  const start = async (instance: string) => {
    const { server: child, url } = await startAppProcess(MAIN, {
      API_KEYS: JSON.stringify({ operator: [OPERATOR] }),
      EVENTSTORE_CONNECTION_STRING: store.url,
      MONGODB_URI: mongo.url,
      MONGODB_DATABASE: database,
      PROJECTORS_PORT: '0',
      PROJECTORS_INSTANCE_ID: instance,
      PROJECTORS_LEASE_TTL_MS: '3000',
    });
    processes.push(child);
    return { child, url };
  };
  const statusOf = async (url: string): Promise<ProjectorsStatusView> =>
    (
      await fetch(`${url}/status`, { headers: { authorization: `Bearer ${OPERATOR}` } })
    ).json() as Promise<ProjectorsStatusView>;

  it('run each consumer in exactly one of them, both hold some, and the survivor takes all when the other is killed', async () => {
    const [a, b] = [await start('projectors-a'), await start('projectors-b')];
    const shares = await eventually(
      async () => {
        const [sa, sb] = [await statusOf(a.url), await statusOf(b.url)];
        const mine = (s: ProjectorsStatusView) =>
          s.consumers.filter((c) => c.ownedHere).map((c) => c.consumer);
        const [ofA, ofB] = [mine(sa), mine(sb)];
        const all = sa.consumers.map((c) => c.consumer);
        const spread = ofA.length > 0 && ofB.length > 0 && ofA.length + ofB.length === all.length;
        return spread && new Set([...ofA, ...ofB]).size === all.length ? { ofA, ofB, all } : undefined;
      },
      'the consumers to spread over both processes',
      30_000,
    );
    expect(shares.all).toEqual(
      expect.arrayContaining([
        'account-summary',
        'ledger-entries',
        'transfers',
        'daily-totals',
        'transfer-workflow',
      ]),
    );
    expect(shares.ofA.filter((c) => shares.ofB.includes(c))).toEqual([]);

    await a.child.kill();
    const survivor = await eventually(
      async () => {
        const s = await statusOf(b.url);
        return s.consumers.every((c) => c.ownedHere) ? s : undefined;
      },
      'the survivor to take every consumer',
      30_000,
    );
    expect(survivor.consumers.every((c) => c.owner === 'projectors-b')).toBe(true);
  });
});
