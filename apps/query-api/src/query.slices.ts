import { AccountLedgerController } from './accounts/account-ledger/account-ledger.controller.js';
import { GetAccountController } from './accounts/get-account/get-account.controller.js';
import { ListAccountsController } from './accounts/list-accounts/list-accounts.controller.js';
import { DailyTotalsController } from './analytics/daily-totals/daily-totals.controller.js';
import { SummaryController } from './analytics/summary/summary.controller.js';
import { GetTransferController } from './transfers/get-transfer/get-transfer.controller.js';
import { ListTransfersController } from './transfers/list-transfers/list-transfers.controller.js';

/** Every endpoint, one slice each; adding one is a folder and a line here. */
export const QUERY_CONTROLLERS = [
  ListAccountsController,
  GetAccountController,
  AccountLedgerController,
  ListTransfersController,
  GetTransferController,
  DailyTotalsController,
  SummaryController,
];
