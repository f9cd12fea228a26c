import { randomUUID } from 'node:crypto';
import type { ProjectorsStatusView } from '@ledger/api-views';
import { ANALYST_KEY, eventually, OPERATOR_KEY, ProjectorsHarness } from './projectors.harness.js';
import { PING_PREFIX, STREAM_COUNTS, StreamCountsFixture } from './stream-counts.consumer.js';

const pings = (count: number) => Array.from({ length: count }, (_, n) => ({ type: 'Pinged', data: { n } }));

/** The figure of `name{consumer="stream-counts"}` in a Prometheus text answer. */
const metric = (text: string, name: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{consumer="${STREAM_COUNTS}"}`));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

describe('the projectors status and metrics', () => {
  const fixture = new StreamCountsFixture();
  let harness: ProjectorsHarness;

  beforeAll(async () => {
    harness = await ProjectorsHarness.start(
      { PROJECTORS_INSTANCE_ID: 'projectors-test-1', PROJECTORS_BATCH_SIZE: '10' },
      { consumers: fixture.registration },
    );
  });
  afterAll(() => harness.stop());

  const status = async () => {
    const response = await harness.get('/status', OPERATOR_KEY);
    expect(response.statusCode).toBe(200);
    return (response.json() as ProjectorsStatusView).consumers.find((c) => c.consumer === STREAM_COUNTS)!;
  };

  it('shows the consumer caught up with appended events, in /status and /metrics', async () => {
    const stream = `${PING_PREFIX}${randomUUID()}`;
    const head = await harness.append(stream, pings(25));

    const caughtUp = await eventually(async () => {
      const s = await status();
      return s.position === head.toString() ? s : undefined;
    }, 'the consumer to reach the appended events');
    expect(caughtUp).toMatchObject({
      state: 'running',
      owner: 'projectors-test-1',
      headPosition: head.toString(),
      lagEvents: 0,
      lagSeconds: 0,
      handled: 25,
      parked: 0,
      stalled: false,
    });
    expect(await fixture.count(harness.db, stream)).toBe(25);

    const scrape = await harness.get('/metrics');
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(metric(scrape.body, 'ledger_consumer_position')).toBe(Number(head));
    expect(metric(scrape.body, 'ledger_consumer_lag_events')).toBe(0);
    expect(metric(scrape.body, 'ledger_consumer_events_handled_total')).toBe(25);
    expect(metric(scrape.body, 'ledger_consumer_parked_events')).toBe(0);
    expect(scrape.body).toContain(`ledger_consumer_state{consumer="${STREAM_COUNTS}",state="running"} 1`);
    expect(scrape.body).toMatch(/^ledger_process_resident_memory_bytes \d+/m);
    // The shared request histogram, as in the other two apps.
    expect(scrape.body).toMatch(
      /^ledger_http_request_duration_seconds_count\{method="GET",route="\/status",status="200"\} \d+$/m,
    );
  });

  it('shows the lag while the consumer is behind, stays ready, and catches up batch by batch', async () => {
    fixture.gate.close();
    try {
      const stream = `${PING_PREFIX}${randomUUID()}`;
      const before = (await status()).handled;
      const head = await harness.append(stream, pings(30));

      // The first batch of 10 waits at the gate: 30 events behind, and ready all the same.
      await eventually(() => (fixture.gate.waiting > 0 ? true : undefined), 'a batch at the gate');
      const behind = await status();
      expect(behind.lagEvents).toBe(30);
      expect(behind.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(behind.stalled).toBe(false);
      expect((await harness.get('/ready')).statusCode).toBe(200);
      const scrape = await harness.get('/metrics');
      expect(metric(scrape.body, 'ledger_consumer_lag_events')).toBe(30);

      // Each batch let through moves it on; however the source cuts the batches, it stays ready.
      let lag = behind.lagEvents;
      let batches = 0;
      while (lag > 0) {
        await eventually(() => (fixture.gate.waiting > 0 ? true : undefined), 'the next batch at the gate');
        fixture.gate.pass();
        batches += 1;
        const previous = lag;
        lag = await eventually(async () => {
          const s = await status();
          return s.lagEvents < previous ? s.lagEvents : undefined;
        }, `lag below ${previous}`);
        expect((await harness.get('/ready')).statusCode).toBe(200);
      }
      expect(batches).toBeGreaterThanOrEqual(3); // batches of at most 10
      const done = await eventually(async () => {
        const s = await status();
        return s.position === head.toString() ? s : undefined;
      }, 'the consumer to catch up');
      expect(done).toMatchObject({ lagEvents: 0, handled: before + 30 });
      expect((await harness.get('/metrics')).body).toContain(
        `ledger_consumer_events_handled_total{consumer="${STREAM_COUNTS}"} ${before + 30}`,
      );
    } finally {
      fixture.gate.open();
    }
  });

  it('is for operators; /metrics, /health and /ready are open', async () => {
    expect((await harness.get('/status')).statusCode).toBe(401);
    const forbidden = await harness.get('/status', ANALYST_KEY);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await harness.get('/metrics')).statusCode).toBe(200);
    expect((await harness.get('/health')).json()).toEqual({ status: 'ok' });
    expect((await harness.get('/ready')).json()).toEqual({
      status: 'ready',
      checks: { mongodb: 'up', consumers: 'up' },
    });
  });

  it('documents its endpoints at /docs-json', async () => {
    const paths = Object.keys((await harness.get('/docs-json')).json().paths as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/status',
        '/metrics',
        '/parked',
        '/parked/{consumer}/{stream}/retry',
        '/health',
      ]),
    );
  });
});
