import type { LedgerEvent } from '../workflow/transfer.workflow.js';

export type LedgerEventType = LedgerEvent['type'];

/** The version each event type is written at today; older stored versions are upcast on read. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<LedgerEventType, number>> = Object.freeze({
  AccountOpened: 2, // v2 added overdraftLimit
  MoneyDeposited: 1,
  MoneyWithdrawn: 1,
  AccountFrozen: 1,
  AccountUnfrozen: 1,
  AccountClosed: 1,
  TransferDebited: 1,
  TransferDebitRejected: 2, // v2 added currency
  TransferCredited: 1,
  TransferCreditRejected: 1,
  TransferDebitSettled: 1,
  TransferRefunded: 1,
  TransferRequested: 2, // v2 added currency
  TransferCompleted: 1,
  TransferRejected: 2, // v2 added currency
  TransferFailed: 1,
});

export const LEDGER_EVENT_TYPES = Object.freeze(
  Object.keys(CURRENT_SCHEMA_VERSIONS) as LedgerEventType[],
) as readonly LedgerEventType[];

export const isLedgerEventType = (type: unknown): type is LedgerEventType =>
  typeof type === 'string' && Object.hasOwn(CURRENT_SCHEMA_VERSIONS, type);
