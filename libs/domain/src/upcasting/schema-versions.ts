import type { LedgerEvent } from '../workflow/transfer.workflow.js';

export type LedgerEventType = LedgerEvent['type'];

/** The version each event type is written at today; older stored versions are upcast on read. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<LedgerEventType, number>> = Object.freeze({
  AccountOpened: 2, // v2 added overdraftLimit
  MoneyDeposited: 2, // v2 added balanceAfter
  MoneyWithdrawn: 2, // v2 added balanceAfter
  AccountFrozen: 1,
  AccountUnfrozen: 1,
  AccountClosed: 1,
  TransferDebited: 2, // v2 added balanceAfter
  TransferDebitRejected: 2, // v2 added currency
  TransferCredited: 2, // v2 added balanceAfter
  TransferCreditRejected: 1,
  TransferDebitSettled: 1,
  TransferRefunded: 2, // v2 added balanceAfter
  TransferRequested: 2, // v2 added currency and fromOwnerId
  TransferCompleted: 1,
  TransferRejected: 2, // v2 added currency
  TransferFailed: 1,
});

export const LEDGER_EVENT_TYPES = Object.freeze(
  Object.keys(CURRENT_SCHEMA_VERSIONS) as LedgerEventType[],
) as readonly LedgerEventType[];

export const isLedgerEventType = (type: unknown): type is LedgerEventType =>
  typeof type === 'string' && Object.hasOwn(CURRENT_SCHEMA_VERSIONS, type);
