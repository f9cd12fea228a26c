import { randomUUID } from 'node:crypto';
import { type EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { transferStreamName } from '@ledger/domain';
import { eventually } from './eventually.js';

/** How each transfer of the tour ended (its stream's last event type). */
export type LedgerTourOutcome = Record<'completed' | 'rejected' | 'failed', string>;

/**
 * A realistic walk through the ledger over HTTP that makes every event type the system writes:
 * accounts opened, money moved, a freeze and unfreeze, a close, and three transfers that the
 * projectors' workflow settles as completed, rejected (no funds) and failed (other currency).
 * Resolves once every transfer has settled in the event store.
 */
export async function runLedgerTour(
  target: { commandApiUrl: string; clientKey: string },
  reader: EventStoreDBClient,
): Promise<LedgerTourOutcome> {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${target.commandApiUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${target.clientKey}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300)
      throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  const open = async (currency: string, overdraftLimit = 0) =>
    String((await post('/accounts', { ownerId: randomUUID(), currency, overdraftLimit })).accountId);
  const transfer = async (fromAccountId: string, toAccountId: string, amount: number) =>
    String(
      (await post('/transfers', { fromAccountId, toAccountId, amount }, { 'idempotency-key': randomUUID() }))
        .transferId,
    );

  const [alice, bob, dollars, spare] = [
    await open('EUR', 5_000),
    await open('EUR'),
    await open('USD'),
    await open('EUR'),
  ];
  await post(
    `/accounts/${alice}/deposits`,
    { amount: 12_500, reference: 'salary' },
    { 'idempotency-key': randomUUID() },
  );
  await post(`/accounts/${alice}/withdrawals`, { amount: 2_000, reference: 'cash' });
  await post(`/accounts/${spare}/freeze`, { reason: 'audit' });
  await post(`/accounts/${spare}/unfreeze`, {});
  await post(`/accounts/${spare}/close`, { reason: 'no longer needed' });
  const outcome = {
    completed: await transfer(alice, bob, 1_000),
    rejected: await transfer(bob, alice, 1_000_000),
    failed: await transfer(alice, dollars, 300),
  };
  const expected = { completed: 'TransferCompleted', rejected: 'TransferRejected', failed: 'TransferFailed' };
  for (const [how, transferId] of Object.entries(outcome) as [keyof LedgerTourOutcome, string][]) {
    const settled = async () => {
      const last = await lastEventType(reader, transferStreamName(transferId));
      return last !== undefined && Object.values(expected).includes(last) ? last : undefined;
    };
    const last = await eventually(settled, `transfer ${transferId} to settle`, 30_000);
    if (last !== expected[how])
      throw new Error(`transfer ${transferId} ended with ${last}, not ${expected[how]}`);
  }
  return outcome;
}

/** Reads the whole stream (never breaking out of the read: the client's dispose would hang). */
async function lastEventType(reader: EventStoreDBClient, stream: string): Promise<string | undefined> {
  let last: string | undefined;
  try {
    for await (const resolved of reader.readStream(stream)) last = resolved.event?.type;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return last;
}
