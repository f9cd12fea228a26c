import { type Static, Type } from '@sinclair/typebox';
import {
  BalanceAfter,
  closed,
  CurrencyCode,
  FreeText,
  Id,
  MinorUnits,
  Reason,
  Timestamp,
} from '../contracts/event-fields.schema.js';
import type { Event } from '../messages.js';

// Each event's data is a TypeBox schema per stored version; the type is derived from the latest,
// so the published JSON Schema and the TypeScript cannot drift. A published version never changes.

/** v1 predates overdrafts. */
export const AccountOpenedV1 = Type.Object(
  { accountId: Id, ownerId: Id, currency: CurrencyCode, openedAt: Timestamp },
  closed,
);
/** v2 added overdraftLimit. */
export const AccountOpenedV2 = Type.Object(
  { ...AccountOpenedV1.properties, overdraftLimit: MinorUnits },
  closed,
);
export type AccountOpened = Event<'AccountOpened', Static<typeof AccountOpenedV2>>;

const movement = {
  accountId: Id,
  amount: MinorUnits,
  currency: CurrencyCode,
  reference: Type.Optional(FreeText),
};
/** v1 predates balanceAfter. */
export const MoneyDepositedV1 = Type.Object({ ...movement, depositedAt: Timestamp }, closed);
/** v2 added balanceAfter. */
export const MoneyDepositedV2 = Type.Object(
  { ...MoneyDepositedV1.properties, balanceAfter: BalanceAfter },
  closed,
);
export type MoneyDeposited = Event<'MoneyDeposited', Static<typeof MoneyDepositedV2>>;

export const MoneyWithdrawnV1 = Type.Object({ ...movement, withdrawnAt: Timestamp }, closed);
/** v2 added balanceAfter. */
export const MoneyWithdrawnV2 = Type.Object(
  { ...MoneyWithdrawnV1.properties, balanceAfter: BalanceAfter },
  closed,
);
export type MoneyWithdrawn = Event<'MoneyWithdrawn', Static<typeof MoneyWithdrawnV2>>;

export const AccountFrozenV1 = Type.Object(
  { accountId: Id, reason: Type.Optional(FreeText), frozenAt: Timestamp },
  closed,
);
export type AccountFrozen = Event<'AccountFrozen', Static<typeof AccountFrozenV1>>;

export const AccountUnfrozenV1 = Type.Object(
  { accountId: Id, reason: Type.Optional(FreeText), unfrozenAt: Timestamp },
  closed,
);
export type AccountUnfrozen = Event<'AccountUnfrozen', Static<typeof AccountUnfrozenV1>>;

export const AccountClosedV1 = Type.Object(
  { accountId: Id, reason: Type.Optional(FreeText), closedAt: Timestamp },
  closed,
);
export type AccountClosed = Event<'AccountClosed', Static<typeof AccountClosedV1>>;

const step = { accountId: Id, transferId: Id, amount: MinorUnits };
export const TransferDebitedV1 = Type.Object(
  { ...step, toAccountId: Id, currency: CurrencyCode, debitedAt: Timestamp },
  closed,
);
/** v2 added balanceAfter. */
export const TransferDebitedV2 = Type.Object(
  { ...TransferDebitedV1.properties, balanceAfter: BalanceAfter },
  closed,
);
export type TransferDebited = Event<'TransferDebited', Static<typeof TransferDebitedV2>>;

/** v1 did not say the transfer's currency. */
export const TransferDebitRejectedV1 = Type.Object(
  { ...step, toAccountId: Id, reason: Reason, rejectedAt: Timestamp },
  closed,
);
/** v2 added currency (v1 events read as "XXX", no currency known). */
export const TransferDebitRejectedV2 = Type.Object(
  { ...TransferDebitRejectedV1.properties, currency: CurrencyCode },
  closed,
);
export type TransferDebitRejected = Event<'TransferDebitRejected', Static<typeof TransferDebitRejectedV2>>;

export const TransferCreditedV1 = Type.Object(
  { ...step, fromAccountId: Id, currency: CurrencyCode, creditedAt: Timestamp },
  closed,
);
/** v2 added balanceAfter. */
export const TransferCreditedV2 = Type.Object(
  { ...TransferCreditedV1.properties, balanceAfter: BalanceAfter },
  closed,
);
export type TransferCredited = Event<'TransferCredited', Static<typeof TransferCreditedV2>>;

export const TransferCreditRejectedV1 = Type.Object(
  { ...step, fromAccountId: Id, currency: CurrencyCode, reason: Reason, rejectedAt: Timestamp },
  closed,
);
export type TransferCreditRejected = Event<'TransferCreditRejected', Static<typeof TransferCreditRejectedV1>>;

/** The destination was credited: the debit is settled and no longer holds the account open. */
export const TransferDebitSettledV1 = Type.Object(
  { ...step, currency: CurrencyCode, settledAt: Timestamp },
  closed,
);
export type TransferDebitSettled = Event<'TransferDebitSettled', Static<typeof TransferDebitSettledV1>>;

export const TransferRefundedV1 = Type.Object(
  { ...step, currency: CurrencyCode, reason: Reason, refundedAt: Timestamp },
  closed,
);
/** v2 added balanceAfter. */
export const TransferRefundedV2 = Type.Object(
  { ...TransferRefundedV1.properties, balanceAfter: BalanceAfter },
  closed,
);
export type TransferRefunded = Event<'TransferRefunded', Static<typeof TransferRefundedV2>>;

export type AccountEvent =
  | AccountOpened
  | MoneyDeposited
  | MoneyWithdrawn
  | AccountFrozen
  | AccountUnfrozen
  | AccountClosed
  | TransferDebited
  | TransferDebitRejected
  | TransferCredited
  | TransferCreditRejected
  | TransferDebitSettled
  | TransferRefunded;
export type AccountEventType = AccountEvent['type'];

// A record keyed by the union makes the compiler flag a missing event type.
const ACCOUNT_EVENT_TYPE_SET: Record<AccountEventType, true> = {
  AccountOpened: true,
  MoneyDeposited: true,
  MoneyWithdrawn: true,
  AccountFrozen: true,
  AccountUnfrozen: true,
  AccountClosed: true,
  TransferDebited: true,
  TransferDebitRejected: true,
  TransferCredited: true,
  TransferCreditRejected: true,
  TransferDebitSettled: true,
  TransferRefunded: true,
};
export const ACCOUNT_EVENT_TYPES = Object.freeze(
  Object.keys(ACCOUNT_EVENT_TYPE_SET) as AccountEventType[],
) as readonly AccountEventType[];
