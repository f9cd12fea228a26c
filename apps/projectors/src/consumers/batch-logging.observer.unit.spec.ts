import type { ConsumedEvent } from '@ledger/consumers';
import { createAppLogger, Tracing } from '@ledger/http';
import { LogLines } from '@ledger/testing';
import { BatchLoggingObserver, MAX_IDS_PER_BATCH } from './batch-logging.observer.js';

const event = (position: number, correlationId: string): ConsumedEvent => ({
  id: `e-${position}`,
  stream: 'account-1',
  revision: BigInt(position),
  position: BigInt(position),
  recordedAt: new Date(0),
  event: { type: 'MoneyDeposited', data: {} },
  metadata: { correlationId },
});

describe('a batch line', () => {
  it('names the batch’s consumer, count, positions and distinct correlation ids, up to a bound', async () => {
    const logs = new LogLines();
    const observer = new BatchLoggingObserver(
      createAppLogger('log', logs.destination),
      await Tracing.start({ service: 't' }),
    );
    const events = Array.from({ length: 30 }, (_, i) => event(100 + i, `c-${i % 25}`));
    observer.batchDone({
      consumer: 'account-summary',
      events,
      handled: 29,
      parked: 1,
      startedAt: new Date(),
      durationMs: 3,
    });
    const [line] = logs.all();
    expect(line).toMatchObject({
      msg: 'batch',
      consumer: 'account-summary',
      count: 30,
      handled: 29,
      parked: 1,
      firstPosition: '100',
      lastPosition: '129',
      moreCorrelationIds: true,
      durationMs: 3,
    });
    expect(line.correlationIds).toEqual(Array.from({ length: MAX_IDS_PER_BATCH }, (_, i) => `c-${i}`));
  });

  it('says nothing of more ids when every one is named', async () => {
    const logs = new LogLines();
    const observer = new BatchLoggingObserver(
      createAppLogger('log', logs.destination),
      await Tracing.start({ service: 't' }),
    );
    observer.batchDone({
      consumer: 'x',
      events: [event(1, 'a'), event(2, 'a')],
      handled: 2,
      parked: 0,
      startedAt: new Date(),
      durationMs: 0,
    });
    expect(logs.all()[0]).toMatchObject({ correlationIds: ['a'] });
    expect(logs.all()[0]).not.toHaveProperty('moreCorrelationIds');
  });
});
