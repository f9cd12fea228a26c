import type {
  AccountSummaryDocument,
  DailyTotalsDocument,
  LedgerEntryDocument,
  TransferDocument,
} from '@ledger/read-models';
import { Long } from 'mongodb';

export const OWNER_A = '0a0a0a0a-0000-4000-8000-00000000000a';
export const OWNER_B = '0b0b0b0b-0000-4000-8000-00000000000b';

/** What the projectors add to every document: the position of the event that last changed it. */
export type Projected<D> = D & { position: Long };

/**
 * Read-model documents as the projectors write them, varied by `n` so filters and sorts have
 * something to tell apart; each gets a fresh, higher position.
 */
let sequence = 0;
const position = () => Long.fromNumber(++sequence * 100);
const uuid = (n: number, prefix = 'ac') =>
  `${prefix}${String(n).padStart(6, '0')}-0000-4000-8000-000000000000`;

export function account(
  n: number,
  overrides: Partial<AccountSummaryDocument> = {},
): Projected<AccountSummaryDocument> {
  const accountId = overrides.accountId ?? uuid(n);
  const openedAt = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000);
  return {
    _id: accountId,
    accountId,
    ownerId: n % 2 === 0 ? OWNER_A : OWNER_B,
    currency: n % 3 === 0 ? 'USD' : 'EUR',
    balance: (n * 7919) % 1000,
    overdraftLimit: 0,
    status: 'open',
    revision: n % 5,
    openedAt,
    updatedAt: openedAt,
    ...overrides,
    position: position(),
  };
}

export function transfer(n: number, overrides: Partial<TransferDocument> = {}): Projected<TransferDocument> {
  const transferId = uuid(n, 'fe');
  return {
    _id: transferId,
    transferId,
    fromAccountId: uuid(n % 4),
    toAccountId: uuid((n % 4) + 1),
    fromOwnerId: (n % 4) % 2 === 0 ? OWNER_A : OWNER_B,
    amount: 10 * n,
    currency: 'EUR',
    status: n % 3 === 0 ? 'rejected' : 'completed',
    ...(n % 3 === 0 ? { reason: 'insufficient-funds' } : {}),
    requestedAt: new Date(Date.UTC(2026, 1, 1) + n * 60_000),
    ...(n % 3 === 0 ? {} : { settledAt: new Date(Date.UTC(2026, 1, 1) + n * 60_000 + 500) }),
    ...overrides,
    position: position(),
  };
}

export function ledgerEntry(
  accountId: string,
  revision: number,
  overrides: Partial<LedgerEntryDocument> = {},
): Projected<LedgerEntryDocument> {
  return {
    _id: `${accountId}:${revision}`,
    accountId,
    revision,
    kind: revision % 2 === 0 ? 'deposit' : 'withdrawal',
    amount: revision % 2 === 0 ? 100 : -40,
    currency: 'EUR',
    balanceAfter: revision * 30,
    reference: `ref, "${revision}"`,
    occurredAt: new Date(Date.UTC(2026, 2, 1) + revision * 86_400_000),
    ...overrides,
    position: position(),
  };
}

export function dailyTotals(currency: string, day: string, sum: number): Projected<DailyTotalsDocument> {
  return {
    _id: `${currency}:${day}`,
    currency,
    day,
    deposits: { count: 2, sum },
    withdrawals: { count: 1, sum: Math.floor(sum / 3) },
    transfers: { count: 0, sum: 0 },
    position: position(),
  };
}
