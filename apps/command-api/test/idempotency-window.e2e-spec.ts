import { randomUUID } from 'node:crypto';
import { accountStreamName } from '@ledger/domain';
import { Clock } from '../src/commands/clock.js';
import { CommandApiHarness } from './command-api.harness.js';

/** A clock the test moves: the window is checked against it, and events carry its time. */
class SettableClock extends Clock {
  at = Date.parse('2026-03-01T12:00:00.000Z');
  now(): Date {
    return new Date(this.at);
  }
}

const HOUR = 3_600_000;

describe('an Idempotency-Key remembered for a window of 24 hours', () => {
  const clock = new SettableClock();
  let api: CommandApiHarness;
  beforeAll(async () => {
    api = await CommandApiHarness.start({}, { clock });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('answers a retry inside the window as the first call, and takes it as a new command after', async () => {
    const accountId = await api.openAccount();
    const key = { 'idempotency-key': `window-${randomUUID()}` };
    const deposit = () => api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, key);
    const first = await deposit();
    clock.at += 24 * HOUR - 1_000;
    const retry = await deposit();
    expect(retry.json()).toEqual(first.json());
    expect(await api.readStream(accountStreamName(accountId))).toHaveLength(2);

    // A fresh copy reads the key back from the stream: still inside the window, still the same answer.
    const copy = await api.startCopy({}, { clock });
    try {
      expect((await api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, key, copy)).json()).toEqual(
        first.json(),
      );
      clock.at += 2_000;
      const later = await api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, key, copy);
      expect(later.statusCode).toBe(200);
      expect(later.json().revision).toBe(2);
    } finally {
      await copy.close();
    }
    const again = await deposit();
    expect(again.json()).toEqual({ ...first.json(), revision: 2, position: again.json().position });
    expect(await api.readStream(accountStreamName(accountId))).toHaveLength(3);
  });

  it('lets a key reused after the window carry another body (no 422)', async () => {
    const accountId = await api.openAccount();
    const key = { 'idempotency-key': `reuse-${randomUUID()}` };
    await api.post(`/accounts/${accountId}/deposits`, { amount: 10 }, key);
    expect((await api.post(`/accounts/${accountId}/deposits`, { amount: 11 }, key)).statusCode).toBe(422);
    clock.at += 25 * HOUR;
    expect((await api.post(`/accounts/${accountId}/deposits`, { amount: 11 }, key)).statusCode).toBe(200);
  });
});
