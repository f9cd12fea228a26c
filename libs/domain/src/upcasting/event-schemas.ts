import type { TSchema } from '@sinclair/typebox';
import * as account from '../accounts/account.events.js';
import * as transfer from '../transfers/transfer.js';
import type { LedgerEvent } from '../workflow/transfer.workflow.js';

type LedgerEventType = LedgerEvent['type'];
/** v1 first; the last is the version written today, and its static type is the event's data. */
type Versions<E extends LedgerEvent> = readonly [...TSchema[], TSchema & { static: E['data'] }];

/**
 * Every stored version of every event's data, oldest first: the one list that the schema
 * versions, the published JSON Schemas and the contract tests read. Add a version at the end.
 */
export const EVENT_SCHEMAS: { readonly [T in LedgerEventType]: Versions<Extract<LedgerEvent, { type: T }>> } =
  {
    AccountOpened: [account.AccountOpenedV1, account.AccountOpenedV2],
    MoneyDeposited: [account.MoneyDepositedV1, account.MoneyDepositedV2],
    MoneyWithdrawn: [account.MoneyWithdrawnV1, account.MoneyWithdrawnV2],
    AccountFrozen: [account.AccountFrozenV1],
    AccountUnfrozen: [account.AccountUnfrozenV1],
    AccountClosed: [account.AccountClosedV1],
    TransferDebited: [account.TransferDebitedV1, account.TransferDebitedV2],
    TransferDebitRejected: [account.TransferDebitRejectedV1, account.TransferDebitRejectedV2],
    TransferCredited: [account.TransferCreditedV1, account.TransferCreditedV2],
    TransferCreditRejected: [account.TransferCreditRejectedV1],
    TransferDebitSettled: [account.TransferDebitSettledV1],
    TransferRefunded: [account.TransferRefundedV1, account.TransferRefundedV2],
    TransferRequested: [transfer.TransferRequestedV1, transfer.TransferRequestedV2],
    TransferCompleted: [transfer.TransferCompletedV1],
    TransferRejected: [transfer.TransferRejectedV1, transfer.TransferRejectedV2],
    TransferFailed: [transfer.TransferFailedV1],
  };

/** The schema of `type` at `version` (1-based), or undefined for a version this build never had. */
export const eventSchemaOf = (type: LedgerEventType, version: number): TSchema | undefined =>
  EVENT_SCHEMAS[type][version - 1];
