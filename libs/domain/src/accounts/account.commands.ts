import type { Command } from '../messages.js';

export type OpenAccount = Command<
  'OpenAccount',
  {
    accountId: string;
    ownerId: string;
    currency: string;
    overdraftLimit: number;
    now: string;
  }
>;
export type DepositMoney = Command<
  'DepositMoney',
  {
    accountId: string;
    amount: number;
    reference?: string;
    now: string;
  }
>;
export type WithdrawMoney = Command<
  'WithdrawMoney',
  {
    accountId: string;
    amount: number;
    reference?: string;
    now: string;
  }
>;
export type FreezeAccount = Command<'FreezeAccount', { accountId: string; reason?: string; now: string }>;
export type UnfreezeAccount = Command<'UnfreezeAccount', { accountId: string; reason?: string; now: string }>;
export type CloseAccount = Command<'CloseAccount', { accountId: string; reason?: string; now: string }>;
export type DebitAccountForTransfer = Command<
  'DebitAccountForTransfer',
  {
    accountId: string;
    transferId: string;
    toAccountId: string;
    amount: number;
    /** The transfer's currency: a source account in another currency rejects the debit. */
    currency: string;
    now: string;
  }
>;
export type CreditAccountForTransfer = Command<
  'CreditAccountForTransfer',
  {
    accountId: string;
    transferId: string;
    fromAccountId: string;
    amount: number;
    currency: string;
    now: string;
  }
>;
export type SettleTransferDebit = Command<
  'SettleTransferDebit',
  { accountId: string; transferId: string; now: string }
>;
export type RefundTransfer = Command<
  'RefundTransfer',
  {
    accountId: string;
    transferId: string;
    reason: string;
    now: string;
  }
>;

export type AccountCommand =
  | OpenAccount
  | DepositMoney
  | WithdrawMoney
  | FreezeAccount
  | UnfreezeAccount
  | CloseAccount
  | DebitAccountForTransfer
  | CreditAccountForTransfer
  | SettleTransferDebit
  | RefundTransfer;
export type AccountCommandType = AccountCommand['type'];

const ACCOUNT_COMMAND_TYPE_SET: Record<AccountCommandType, true> = {
  OpenAccount: true,
  DepositMoney: true,
  WithdrawMoney: true,
  FreezeAccount: true,
  UnfreezeAccount: true,
  CloseAccount: true,
  DebitAccountForTransfer: true,
  CreditAccountForTransfer: true,
  SettleTransferDebit: true,
  RefundTransfer: true,
};
export const ACCOUNT_COMMAND_TYPES = Object.freeze(
  Object.keys(ACCOUNT_COMMAND_TYPE_SET) as AccountCommandType[],
) as readonly AccountCommandType[];

export const isAccountCommand = (command: { type: string }): command is AccountCommand =>
  Object.hasOwn(ACCOUNT_COMMAND_TYPE_SET, command.type);
