import { randomUUID } from 'node:crypto';
import { type EventStoreDBClient, jsonEvent } from '@eventstore/db-client';

/** A small, known history in an event store, as the developer tools see it. */
export interface SeededHistory {
  accountA: string;
  accountB: string;
  transfer: string;
  /** Every event appended, in log order. */
  events: Array<{ stream: string; type: string; occurredAt: string }>;
}

const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 10, minute)).toISOString();

/**
 * Two accounts (A opened at schema v1, before overdrafts), a transfer between them, and a
 * snapshot of A whose state is deliberately wrong: tools that fold events must ignore it.
 */
export async function seedLedgerHistory(client: EventStoreDBClient): Promise<SeededHistory> {
  const [a, b, t] = [randomUUID(), randomUUID(), randomUUID()];
  const history: SeededHistory = {
    accountA: `account-${a}`,
    accountB: `account-${b}`,
    transfer: `transfer-${t}`,
    events: [],
  };
  const append = async (
    stream: string,
    type: string,
    data: Record<string, unknown>,
    minute: number,
    schemaVersion = 1,
  ) => {
    const occurredAt = at(minute);
    const metadata = {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
      actor: 'fixture',
      occurredAt,
      schemaVersion,
    };
    await client.appendToStream(stream, jsonEvent({ id: randomUUID(), type, data, metadata }));
    history.events.push({ stream, type, occurredAt });
  };
  await append(
    history.accountA,
    'AccountOpened',
    { accountId: a, ownerId: 'owner-a', currency: 'EUR', openedAt: at(0) },
    0,
    1,
  );
  await append(
    history.accountB,
    'AccountOpened',
    { accountId: b, ownerId: 'owner-b', currency: 'EUR', overdraftLimit: 500, openedAt: at(1) },
    1,
    2,
  );
  const money = (accountId: string, amount: number, balanceAfter: number, time: string, minute: number) => ({
    accountId,
    amount,
    currency: 'EUR',
    balanceAfter,
    [time]: at(minute),
  });
  await append(history.accountA, 'MoneyDeposited', money(a, 5_000, 5_000, 'depositedAt', 2), 2, 2);
  await append(
    history.transfer,
    'TransferRequested',
    {
      transferId: t,
      fromAccountId: a,
      toAccountId: b,
      amount: 1_500,
      currency: 'EUR',
      fromOwnerId: 'owner-a',
      requestedAt: at(3),
    },
    3,
    2,
  );
  await append(history.accountA, 'MoneyWithdrawn', money(a, 1_000, 4_000, 'withdrawnAt', 4), 4, 2);
  await append(history.transfer, 'TransferCompleted', { transferId: t, completedAt: at(5) }, 5);
  await append(history.accountA, 'AccountFrozen', { accountId: a, reason: 'audit', frozenAt: at(6) }, 6);
  await client.appendToStream(
    `snapshot-${history.accountA}`,
    jsonEvent({
      type: 'AggregateSnapshot',
      data: { stateVersion: 2, revision: '3', position: '0', state: { balance: 999_999 }, commands: [] },
    }),
  );
  return history;
}
