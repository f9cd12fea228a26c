import { randomUUID } from 'node:crypto';
import { accountStreamName } from '@ledger/domain';
import { eventually, type OtlpCollector, startOtlpCollector } from '@ledger/testing';
import { CommandApiHarness } from './command-api.harness.js';

const TRACE = () => randomUUID().replaceAll('-', '');
const SPAN = () => randomUUID().replaceAll('-', '').slice(0, 16);

describe('W3C trace context', () => {
  let api: CommandApiHarness;
  let collector: OtlpCollector;
  beforeAll(async () => {
    collector = await startOtlpCollector();
    api = await CommandApiHarness.start();
  });
  afterAll(async () => {
    await api?.stop();
    await collector?.stop();
  });

  const openWith = async (headers: Record<string, string>, app = api.app) => {
    const accountId = randomUUID();
    const response = await api.post(
      '/accounts',
      { accountId, ownerId: randomUUID(), currency: 'EUR' },
      headers,
      app,
    );
    expect(response.statusCode).toBe(201);
    const [event] = await api.readStream(accountStreamName(accountId));
    return (event.metadata as { traceparent?: string }).traceparent;
  };

  it('carries the caller’s trace into the events’ metadata, under a span of its own', async () => {
    const traceId = TRACE();
    const parent = SPAN();
    const traceparent = await openWith({ traceparent: `00-${traceId}-${parent}-01` });
    expect(traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain(parent);
  });

  it('ignores a malformed traceparent and starts a new trace', async () => {
    const bad = `00-${TRACE().toUpperCase()}-${SPAN()}-01`;
    const traceparent = await openWith({ traceparent: bad });
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(traceparent!.slice(3, 35)).not.toBe(bad.slice(3, 35).toLowerCase());
  });

  it('starts a trace for a request that sent none', async () => {
    expect(await openWith({})).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('exports the request’s span to OTEL_EXPORTER_OTLP_ENDPOINT, in the caller’s trace', async () => {
    const app = await api.startCopy({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      const traceId = TRACE();
      const parent = SPAN();
      const traceparent = await openWith({ traceparent: `00-${traceId}-${parent}-01` }, app);
      const span = await eventually(
        () => collector.spans.find((s) => s.traceId === traceId),
        'the request span at the collector',
      );
      expect(span).toMatchObject({ parentSpanId: parent, name: 'POST /accounts' });
      // The events name the exported span as their parent: the projectors continue from it.
      expect(traceparent).toBe(`00-${traceId}-${span.spanId}-01`);
      expect(collector.posts).toContain('/v1/traces');
    } finally {
      await app.close();
    }
  });

  it('exports nothing without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    const before = collector.posts.length;
    const app = await api.startCopy();
    await openWith({ traceparent: `00-${TRACE()}-${SPAN()}-01` }, app);
    // Closing would send whatever an exporter held: with none, nothing arrives.
    await app.close();
    expect(collector.posts.length).toBe(before);
  });
});
