import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { accountStreamName } from '@ledger/domain';
import { ACCOUNT_SUMMARY } from '@ledger/read-models';
import { anAccountOpened, type OtlpCollector, startOtlpCollector } from '@ledger/testing';
import { eventually, ProjectorsHarness } from './projectors.harness.js';

describe('the projectors continue the trace an event carries', () => {
  let collector: OtlpCollector;
  let projectors: ProjectorsHarness;
  beforeAll(async () => {
    collector = await startOtlpCollector();
    projectors = await ProjectorsHarness.start({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
  });
  afterAll(async () => {
    await projectors?.stop();
    await collector?.stop();
  });

  it('exports a consumer span, the child of the span that appended the event', async () => {
    const traceId = randomUUID().replaceAll('-', '');
    const spanId = randomUUID().replaceAll('-', '').slice(0, 16);
    const opened = anAccountOpened({ accountId: randomUUID() });
    await projectors.writer.appendToStream(accountStreamName(opened.data.accountId), [
      jsonEvent({
        type: opened.type,
        data: opened.data,
        metadata: { correlationId: randomUUID(), traceparent: `00-${traceId}-${spanId}-01` },
      }),
    ]);
    const span = await eventually(
      () => collector.spans.find((s) => s.traceId === traceId && s.name === `consume ${ACCOUNT_SUMMARY}`),
      'the account summary’s span at the collector',
    );
    expect(span.parentSpanId).toBe(spanId);
  });
});
