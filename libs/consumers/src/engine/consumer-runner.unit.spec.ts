import type { ConsumedEvent, Message } from '../consumed-event.js';
import type { ConsumerDefinition, EventHandler, HandleContext } from '../consumer-definition.js';
import { eventByEvent } from '../event-by-event.handler.js';
import { FakeClock } from '../in-memory/fake-clock.js';
import { InMemoryEventSource } from '../in-memory/in-memory-event-source.js';
import { InMemoryCheckpointStore, InMemoryParkedEventStore } from '../in-memory/in-memory-stores.js';
import { ConsumerRunner } from './consumer-runner.js';
import { ParkedEvents } from './parked-events.service.js';
import type { RunnerOptions } from './runner.options.js';

class RecordingHandler implements EventHandler {
  readonly handles = new Set(['Opened', 'Deposited']);
  readonly ignores = new Set(['Audited']);
  readonly applied: Array<{ id: string; mode: string }> = [];
  readonly batches: number[] = [];
  calls = 0;
  poison: (event: ConsumedEvent) => boolean = () => false;
  outage = false;

  async handle(events: ReadonlyArray<ConsumedEvent>, context: HandleContext): Promise<void> {
    this.calls++;
    if (this.outage) throw Object.assign(new Error('database down'), { transient: true });
    const bad = events.find(this.poison);
    if (bad) throw new Error(`cannot apply ${bad.id}`);
    this.batches.push(events.length);
    for (const event of events) this.applied.push({ id: event.id, mode: context.mode });
  }

  isTransient(error: unknown): boolean {
    return (error as { transient?: boolean }).transient === true;
  }

  readonly reported: string[] = [];
  async parked(event: ConsumedEvent): Promise<void> {
    this.reported.push(event.id);
  }

  ids(): string[] {
    return this.applied.map((a) => a.id);
  }
}

const opened = (n = 0): Message => ({ type: 'Opened', data: { n } });
const deposited = (n = 0): Message => ({ type: 'Deposited', data: { n } });

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function setUp(options: Partial<RunnerOptions> = {}, definition: Partial<ConsumerDefinition> = {}) {
  const clock = new FakeClock();
  const source = new InMemoryEventSource(() => clock.now());
  const checkpoints = new InMemoryCheckpointStore();
  const parked = new InMemoryParkedEventStore();
  const handler = new RecordingHandler();
  const consumer: ConsumerDefinition = {
    name: 'accounts',
    filter: { by: 'stream', prefixes: ['account-'] },
    handler,
    ...definition,
  };
  const runners: ConsumerRunner[] = [];
  const start = () => {
    const runner = new ConsumerRunner(
      consumer,
      { source, checkpoints, parked, clock },
      { idlePollMs: 20, ...options },
    );
    runners.push(runner.start());
    return runner;
  };
  const service = new ParkedEvents(parked, () => runners.forEach((r) => r.nudge()));
  return {
    clock,
    source,
    checkpoints,
    parked,
    handler,
    start,
    service,
    stopAll: () => Promise.all(runners.map((r) => r.stop())),
  };
}

describe('a consumer runner', () => {
  let stopAll: () => Promise<unknown> = async () => undefined;
  afterEach(() => stopAll());

  describe('given events of its streams', () => {
    it('applies them in log order, in batches no larger than the batch size, and saves the checkpoint', async () => {
      const t = setUp({ batchSize: 3 });
      stopAll = t.stopAll;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      t.source.append('account-2', opened(), deposited(3));
      t.start();
      await eventually(() => t.handler.applied.length === 5);
      expect(t.handler.ids()).toEqual([
        'account-1@0',
        'account-1@1',
        'account-1@2',
        'account-2@0',
        'account-2@1',
      ]);
      expect(Math.max(...t.handler.batches)).toBeLessThanOrEqual(3);
      await eventually(() => t.checkpoints.positions.get('accounts') === t.source.lastPosition);
    });

    it('resumes after its checkpoint: a second runner applies only what came later', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.append('account-1', opened(), deposited(1));
      const first = t.start();
      await eventually(() => t.handler.applied.length === 2);
      await first.stop();
      t.source.append('account-1', deposited(2));
      t.start();
      await eventually(() => t.handler.applied.length === 3);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-1@1', 'account-1@2']);
    });

    it('never hands system events to the handler', async () => {
      const t = setUp({}, { filter: { by: 'stream', prefixes: ['account-', '$'] } });
      stopAll = t.stopAll;
      t.source.append('$stats-127.0.0.1:2113', { type: '$statsCollected', data: {} });
      t.source.append('account-1', { type: '$metadata', data: {} }, opened());
      t.start();
      await eventually(() => t.checkpoints.positions.get('accounts') === t.source.lastPosition);
      expect(t.handler.ids()).toEqual(['account-1@1']);
      expect(await t.parked.count('accounts')).toBe(0);
    });

    it('moves its position past events its filter leaves out', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.append('account-1', opened());
      t.source.append(
        'transfer-1',
        { type: 'TransferRequested', data: {} },
        { type: 'TransferCompleted', data: {} },
      );
      const runner = t.start();
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect(t.handler.ids()).toEqual(['account-1@0']);
      await eventually(() => t.checkpoints.positions.get('accounts') === t.source.lastPosition);
    });
  });

  it('moves to the head when idle and no event in between passes its filter, without a filter checkpoint', async () => {
    const clock = new FakeClock();
    const source = new InMemoryEventSource(() => clock.now(), false);
    const checkpoints = new InMemoryCheckpointStore();
    const handler = new RecordingHandler();
    const runner = new ConsumerRunner(
      { name: 'accounts', filter: { by: 'stream', prefixes: ['account-'] }, handler },
      { source, checkpoints, parked: new InMemoryParkedEventStore(), clock },
      { idlePollMs: 20 },
    ).start();
    stopAll = () => runner.stop();
    source.append('account-1', opened());
    await eventually(() => handler.applied.length === 1);
    source.append('transfer-1', { type: 'TransferRequested', data: {} });
    await eventually(() => runner.snapshot().position === source.lastPosition);
    await eventually(() => checkpoints.positions.get('accounts') === source.lastPosition);
  });

  describe('given an event type it does not know', () => {
    it('ignores the types it declares ignored', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.append('account-1', opened(), { type: 'Audited', data: {} }, deposited());
      t.start();
      await eventually(() => t.handler.applied.length === 2);
      expect(await t.parked.count('accounts')).toBe(0);
    });

    it('parks any other type, with the stream behind it', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.append('account-1', opened(), { type: 'Renamed', data: {} }, deposited());
      t.source.append('account-2', opened());
      const runner = t.start();
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-2@0']);
      const parked = await t.parked.list('accounts');
      expect(parked.map((p) => [p.eventId, p.reason])).toEqual([
        ['account-1@1', 'unknown-event-type'],
        ['account-1@2', 'behind-parked'],
      ]);
      expect(parked[0]!.error).toContain('neither handles nor ignores Renamed');
    });

    it('ignores every unknown type when the consumer declares so', async () => {
      const t = setUp({}, { unknownEvents: 'ignore' });
      stopAll = t.stopAll;
      t.source.append('account-1', opened(), { type: 'Renamed', data: {} }, deposited());
      t.start();
      await eventually(() => t.handler.applied.length === 2);
      expect(await t.parked.count('accounts')).toBe(0);
    });

    it('parks an event the source could not decode', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.appendUndecodable('account-1', 'Opened', 'not JSON');
      const runner = t.start();
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect((await t.parked.list('accounts')).map((p) => [p.reason, p.error])).toEqual([
        ['undecodable', 'not JSON'],
      ]);
    });
  });

  describe('given a handler failing on one event', () => {
    const poisonOn = 'account-1@1';

    it('retries it with backoff, parks it, goes on with other streams, and parks its stream behind it', async () => {
      const t = setUp({ maxAttempts: 3, backoff: { initialMs: 100, maxMs: 1_000 } });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.id === poisonOn;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      t.source.append('account-2', opened(), deposited(3));
      const runner = t.start();
      const started = t.clock.now();
      await t.clock.advanceUntil(() => runner.snapshot().position === t.source.lastPosition, 50);
      expect(t.clock.now() - started).toBeGreaterThanOrEqual(100 + 200);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-2@0', 'account-2@1']);
      const parked = await t.parked.list('accounts');
      expect(parked.map((p) => [p.eventId, p.reason, p.attempts])).toEqual([
        [poisonOn, 'handler-failed', 3],
        ['account-1@2', 'behind-parked', 0],
      ]);
      expect(parked[0]!.error).toBe(`cannot apply ${poisonOn}`);
      // Both were in the batch whose attempt failed: the handler hears of them to mark partial writes.
      expect(t.handler.reported).toEqual([poisonOn, 'account-1@2']);

      t.source.append('account-1', deposited(4));
      t.source.append('account-2', deposited(5));
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect(t.handler.ids().at(-1)).toBe('account-2@2');
      expect((await t.parked.list('accounts')).map((p) => p.eventId)).toEqual([
        poisonOn,
        'account-1@2',
        'account-1@3',
      ]);
    });

    it('on retry, once the cause is fixed, applies the parked events in their order and frees the stream', async () => {
      const t = setUp({ maxAttempts: 1 });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.id === poisonOn;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      const runner = t.start();
      await eventually(async () => (await t.parked.count('accounts')) === 2);
      t.handler.poison = () => false;
      expect(await t.service.retry('accounts', 'account-1')).toBe(true);
      await eventually(async () => (await t.parked.count('accounts')) === 0);
      expect(t.handler.applied.slice(1)).toEqual([
        { id: poisonOn, mode: 'retry' },
        { id: 'account-1@2', mode: 'retry' },
      ]);
      t.source.append('account-1', deposited(3));
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect(t.handler.applied.at(-1)).toEqual({ id: 'account-1@3', mode: 'live' });
    });

    it('on a retry that fails again, keeps the event first with one more attempt and the rest behind it', async () => {
      const t = setUp({ maxAttempts: 1 });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.id === poisonOn;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      t.start();
      await eventually(async () => (await t.parked.count('accounts')) === 2);
      await t.service.retry('accounts', 'account-1');
      await eventually(async () => (await t.parked.list('accounts'))[0]!.attempts === 2);
      const parked = await t.parked.list('accounts');
      expect(parked.map((p) => p.eventId)).toEqual([poisonOn, 'account-1@2']);
      expect(parked[0]!.requested).toBeUndefined();
    });

    it('on skip, drops the failing event and applies the ones behind it', async () => {
      const t = setUp({ maxAttempts: 1 });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.id === poisonOn;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      t.start();
      await eventually(async () => (await t.parked.count('accounts')) === 2);
      await t.service.skip('accounts', 'account-1');
      await eventually(async () => (await t.parked.count('accounts')) === 0);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-1@2']);
    });

    it('keeps the stream parked after a restart', async () => {
      const t = setUp({ maxAttempts: 1 });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.id === poisonOn;
      t.source.append('account-1', opened(), deposited(1));
      const first = t.start();
      await eventually(async () => (await t.parked.count('accounts')) === 1);
      await first.stop();
      t.handler.poison = () => false;
      t.source.append('account-1', deposited(2));
      const second = t.start();
      await eventually(() => second.snapshot().position === t.source.lastPosition);
      expect((await t.parked.list('accounts')).map((p) => p.eventId)).toEqual([poisonOn, 'account-1@2']);
    });

    it('past the bound of parked streams in memory, asks the store and still parks in order', async () => {
      const t = setUp({ maxAttempts: 1, maxParkedStreams: 1 });
      stopAll = t.stopAll;
      t.handler.poison = (e) => e.revision === 1n;
      t.source.append('account-1', opened(), deposited(1), deposited(2));
      t.source.append('account-2', opened(), deposited(1), deposited(2));
      const runner = t.start();
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      t.source.append('account-2', deposited(3));
      t.source.append('account-3', opened());
      await eventually(() => runner.snapshot().position === t.source.lastPosition);
      expect(runner.snapshot()).toMatchObject({ parkedStreams: 1, parkedStreamsOverflow: true });
      expect((await t.parked.list('accounts', { stream: 'account-2' })).map((p) => p.eventId)).toEqual([
        'account-2@1',
        'account-2@2',
        'account-2@3',
      ]);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-2@0', 'account-3@0']);
    });
  });

  describe('given an outage', () => {
    it('waits out a transient handler error with backoff and parks nothing', async () => {
      const t = setUp({ maxAttempts: 1, backoff: { initialMs: 100, maxMs: 400 } });
      stopAll = t.stopAll;
      t.handler.outage = true;
      t.source.append('account-1', opened(), deposited(1));
      const runner = t.start();
      await t.clock.advanceUntil(() => t.handler.calls >= 6, 100);
      expect(runner.snapshot().lastError?.message).toBe('database down');
      t.handler.outage = false;
      await t.clock.advanceUntil(() => t.handler.applied.length === 2, 100);
      expect(await t.parked.count('accounts')).toBe(0);
    });

    it('keeps trying when the source cannot even open a subscription', async () => {
      const t = setUp({ backoff: { initialMs: 100, maxMs: 100 } });
      stopAll = t.stopAll;
      const subscribe = t.source.subscribe.bind(t.source);
      let refusals = 2;
      t.source.subscribe = (request) => {
        if (refusals-- > 0) throw new Error('connection refused');
        return subscribe(request);
      };
      t.source.append('account-1', opened());
      const runner = t.start();
      await t.clock.advanceUntil(() => t.handler.applied.length === 1, 50);
      expect(runner.snapshot()).toMatchObject({
        reconnects: 2,
        running: true,
        lastError: { message: 'connection refused' },
      });
    });

    it('resubscribes after its position when the subscription drops, losing and repeating nothing', async () => {
      const t = setUp();
      stopAll = t.stopAll;
      t.source.append('account-1', opened());
      const runner = t.start();
      await eventually(() => t.handler.applied.length === 1);
      t.source.drop();
      t.source.append('account-1', deposited(1));
      await t.clock.advanceUntil(() => t.handler.applied.length === 2, 50);
      expect(t.handler.ids()).toEqual(['account-1@0', 'account-1@1']);
      expect(runner.snapshot()).toMatchObject({
        reconnects: 1,
        lastError: { message: 'subscription dropped' },
      });
      expect(t.source.subscriptions).toBe(2);
    });
  });
});

describe('a consumer with side effects per event (the transfer workflow)', () => {
  type Flow =
    { type: 'TransferRequested'; data: { id: string } } | { type: 'TransferCompleted'; data: { id: string } };

  it('gets each event of its types in order, and a failing one parks only its stream', async () => {
    const clock = new FakeClock();
    const source = new InMemoryEventSource(() => clock.now());
    const parked = new InMemoryParkedEventStore();
    const commands: string[] = [];
    const handler = eventByEvent<Flow, 'TransferRequested'>({
      handles: ['TransferRequested'],
      ignores: ['TransferCompleted'],
      handle: async (event) => {
        if (event.event.data.id === 'bad') throw new Error('account unknown');
        commands.push(`debit for ${event.event.data.id} (key ${event.id})`);
      },
    });
    const runner = new ConsumerRunner<Flow>(
      { name: 'transfer-workflow', filter: { by: 'stream', prefixes: ['transfer-'] }, handler },
      {
        source: source as unknown as InMemoryEventSource<Flow>,
        checkpoints: new InMemoryCheckpointStore(),
        parked,
        clock,
      },
      { maxAttempts: 1, idlePollMs: 20 },
    ).start();
    try {
      source.append(
        'transfer-1',
        { type: 'TransferRequested', data: { id: '1' } },
        { type: 'TransferCompleted', data: { id: '1' } },
      );
      source.append('transfer-2', { type: 'TransferRequested', data: { id: 'bad' } });
      source.append('transfer-3', { type: 'TransferRequested', data: { id: '3' } });
      await eventually(() => runner.snapshot().position === source.lastPosition);
      expect(commands).toEqual(['debit for 1 (key transfer-1@0)', 'debit for 3 (key transfer-3@0)']);
      expect((await parked.list('transfer-workflow')).map((p) => [p.stream, p.error])).toEqual([
        ['transfer-2', 'account unknown'],
      ]);
    } finally {
      await runner.stop();
    }
  });
});
