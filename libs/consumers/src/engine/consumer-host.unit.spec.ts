import type { ConsumedEvent } from '../consumed-event.js';
import type { ConsumerDefinition, EventHandler } from '../consumer-definition.js';
import { FakeClock } from '../in-memory/fake-clock.js';
import { InMemoryEventSource } from '../in-memory/in-memory-event-source.js';
import {
  InMemoryCheckpointStore,
  InMemoryLeaseStore,
  InMemoryParkedEventStore,
} from '../in-memory/in-memory-stores.js';
import { ConsumerHost } from './consumer-host.js';

class CountingHandler implements EventHandler {
  readonly handles = new Set(['Deposited']);
  applied = 0;
  stuck = false;
  async handle(events: ReadonlyArray<ConsumedEvent>): Promise<void> {
    if (this.stuck) throw Object.assign(new Error('database down'), { transient: true });
    this.applied += events.length;
  }
  isTransient = () => true;
}

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function setUp(consumerCount: number) {
  const clock = new FakeClock();
  const deps = {
    clock,
    source: new InMemoryEventSource(() => clock.now()),
    checkpoints: new InMemoryCheckpointStore(),
    parked: new InMemoryParkedEventStore(),
    leases: new InMemoryLeaseStore(),
  };
  const handlers = new Map<string, CountingHandler>();
  const consumers: ConsumerDefinition[] = Array.from({ length: consumerCount }, (_, i) => {
    const handler = new CountingHandler();
    handlers.set(`c${i}`, handler);
    return { name: `c${i}`, filter: { by: 'eventType', prefixes: ['Deposited'] }, handler };
  });
  const hosts: ConsumerHost[] = [];
  const host = (instanceId: string) => {
    const created = new ConsumerHost(consumers, deps, {
      instanceId,
      leaseTtlMs: 15_000,
      renewEveryMs: 5_000,
      stallAfterMs: 30_000,
      runner: { idlePollMs: 20 },
    });
    hosts.push(created);
    return created;
  };
  return { clock, deps, handlers, host, stopAll: () => Promise.all(hosts.map((h) => h.stop())) };
}

describe('consumer hosts sharing leases', () => {
  let stopAll: () => Promise<unknown> = async () => undefined;
  afterEach(() => stopAll());

  it('one host alone runs every consumer', async () => {
    const t = setUp(3);
    stopAll = t.stopAll;
    const a = t.host('a');
    await a.tick();
    expect(a.owned()).toEqual(['c0', 'c1', 'c2']);
    t.deps.source.append('account-1', { type: 'Deposited', data: {} });
    await eventually(() => [...t.handlers.values()].every((h) => h.applied === 1));
  });

  it('spreads consumers when a second host joins: nobody holds all while another holds none', async () => {
    const t = setUp(4);
    stopAll = t.stopAll;
    const a = t.host('a');
    const b = t.host('b');
    await a.tick();
    expect(a.owned()).toHaveLength(4);
    await b.tick(); // b is now live: a gives up what is over its share on its next round
    await t.clock.advance(5_000);
    await a.tick();
    await b.tick();
    expect(a.owned()).toHaveLength(2);
    expect(b.owned()).toHaveLength(2);
    expect([...a.owned(), ...b.owned()].sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('takes over the consumers of a host that hangs, within the lease time, and fences the hung one off', async () => {
    const t = setUp(4);
    stopAll = t.stopAll;
    const a = t.host('a');
    const b = t.host('b');
    await a.tick();
    await b.tick();
    await t.clock.advance(5_000);
    await a.tick();
    await b.tick();
    const hung = a.owned();
    expect(hung).toHaveLength(2);
    // a stops renewing (no more ticks); b goes on every 5 s.
    const hungAt = t.clock.now();
    while (b.owned().length < 4) {
      await t.clock.advance(5_000);
      await b.tick();
      expect(t.clock.now() - hungAt).toBeLessThanOrEqual(15_000 + 5_000);
    }
    // a's runners stop writing once their lease has lapsed on a's own clock.
    await eventually(() => hung.every((name) => !a.runner(name)?.snapshot().running));
    expect(hung.every((name) => a.runner(name)?.snapshot().leaseLost)).toBe(true);
    await a.tick();
    expect(a.owned()).toEqual([]);
  });

  it('a host that stops hands its consumers back at once, with their checkpoints saved', async () => {
    const t = setUp(2);
    stopAll = t.stopAll;
    const a = t.host('a');
    const b = t.host('b');
    await a.tick();
    t.deps.source.append('account-1', { type: 'Deposited', data: {} });
    await eventually(() => [...t.handlers.values()].every((h) => h.applied === 1));
    await a.stop();
    expect(t.deps.checkpoints.positions.get('c0')).toBe(t.deps.source.lastPosition);
    await b.tick();
    expect(b.owned()).toEqual(['c0', 'c1']);
  });

  it('hands back a consumer stuck in a handler call without hanging its lease upkeep', async () => {
    const t = setUp(2);
    const hung: Array<() => void> = [];
    for (const handler of t.handlers.values())
      handler.handle = () => new Promise<void>((resolve) => hung.push(resolve)); // hangs until the end
    stopAll = () => {
      hung.forEach((resolve) => resolve());
      return t.stopAll();
    };
    const a = t.host('a');
    const b = t.host('b');
    await a.tick();
    t.deps.source.append('account-1', { type: 'Deposited', data: {} });
    await b.tick();
    await t.clock.advance(5_000);
    const ticking = a.tick(); // gives one consumer up: its runner will not stop
    await t.clock.advance(5_000);
    await ticking;
    expect(a.owned()).toHaveLength(1);
    await b.tick();
    expect(b.owned()).toHaveLength(1);
  });

  describe('status', () => {
    it('reports position, lag and owner; a consumer that is behind but moving is ready', async () => {
      const t = setUp(1);
      stopAll = t.stopAll;
      const a = t.host('a');
      t.deps.source.append('account-1', { type: 'Deposited', data: {} }, { type: 'Other', data: {} });
      await a.tick();
      await eventually(async () => (await a.status())[0]!.lagEvents === 0);
      const [status] = await a.status();
      expect(status).toMatchObject({
        consumer: 'c0',
        owner: 'a',
        ownedHere: true,
        state: 'running',
        position: t.deps.source.lastPosition,
        headPosition: t.deps.source.lastPosition,
        lagEvents: 0,
        lagSeconds: 0,
        handled: 1,
        parked: 0,
        stalled: false,
      });
      expect((await a.health()).ready).toBe(true);
    });

    it('is stalled, and not ready, when behind and not moving past the stall time', async () => {
      const t = setUp(1);
      stopAll = t.stopAll;
      const a = t.host('a');
      await a.tick();
      t.handlers.get('c0')!.stuck = true;
      t.deps.source.append('account-1', { type: 'Deposited', data: {} });
      const passTime = async (ms: number) => {
        for (let passed = 0; passed < ms; passed += 5_000) {
          await t.clock.advance(5_000);
          await a.tick();
        }
      };
      await passTime(10_000);
      t.deps.source.append('account-1', { type: 'Deposited', data: {} });
      expect((await a.status())[0]).toMatchObject({
        state: 'running',
        lagEvents: 2,
        lagSeconds: 10,
        stalled: false,
      });
      await passTime(25_000);
      const [status] = await a.status();
      expect(status).toMatchObject({
        state: 'stalled',
        stalled: true,
        lastError: { message: 'database down' },
      });
      const health = await a.health();
      expect(health.ready).toBe(false);
      expect(health.problems[0]).toContain('c0 is stalled');
    });
  });
});
