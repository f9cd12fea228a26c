import { randomUUID } from 'node:crypto';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { accountStreamName, type LedgerEvent } from '@ledger/domain';
import { newEventsFor, serializeEvent } from '@ledger/event-store';

/** Accounts opened, then deposits and withdrawals spread over them: every read model has work. */
export async function writeLedgerHistory(
  esdb: EventStoreDBClient,
  EVENTS: number,
  ACCOUNTS: number,
): Promise<bigint> {
  const perAccount = Math.max(2, Math.floor(EVENTS / ACCOUNTS));
  let last = 0n;
  const context = {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: 'bench',
    issuedAt: new Date().toISOString(),
  };
  for (let a = 0; a < ACCOUNTS; a++) {
    const accountId = randomUUID();
    const at = new Date(Date.UTC(2026, 0, 1 + (a % 28))).toISOString();
    const events: LedgerEvent[] = [
      {
        type: 'AccountOpened',
        data: {
          accountId,
          ownerId: randomUUID(),
          currency: a % 3 ? 'EUR' : 'USD',
          overdraftLimit: 0,
          openedAt: at,
        },
      },
    ];
    let balance = 0;
    for (let i = 1; i < perAccount; i++) {
      const currency = a % 3 ? 'EUR' : 'USD';
      if (i % 4 === 0 && balance >= 10) {
        balance -= 10;
        events.push({
          type: 'MoneyWithdrawn',
          data: { accountId, amount: 10, currency, balanceAfter: balance, withdrawnAt: at },
        });
      } else {
        balance += 25;
        events.push({
          type: 'MoneyDeposited',
          data: { accountId, amount: 25, currency, balanceAfter: balance, depositedAt: at },
        });
      }
    }
    const streamName = accountStreamName(accountId);
    const result = await esdb.appendToStream(
      streamName,
      newEventsFor(streamName, 'Bench', events, context).map(serializeEvent),
    );
    last = result.position!.commit;
  }
  return last;
}
