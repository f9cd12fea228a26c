import { CloseAccountController } from './close-account/close-account.controller.js';
import { CloseAccountHandler } from './close-account/close-account.handler.js';
import { DepositMoneyController } from './deposit-money/deposit-money.controller.js';
import { DepositMoneyHandler } from './deposit-money/deposit-money.handler.js';
import { FreezeAccountController } from './freeze-account/freeze-account.controller.js';
import { FreezeAccountHandler } from './freeze-account/freeze-account.handler.js';
import { OpenAccountController } from './open-account/open-account.controller.js';
import { OpenAccountHandler } from './open-account/open-account.handler.js';
import { UnfreezeAccountController } from './unfreeze-account/unfreeze-account.controller.js';
import { UnfreezeAccountHandler } from './unfreeze-account/unfreeze-account.handler.js';
import { WithdrawMoneyController } from './withdraw-money/withdraw-money.controller.js';
import { WithdrawMoneyHandler } from './withdraw-money/withdraw-money.handler.js';

export const ACCOUNT_CONTROLLERS = [
  OpenAccountController,
  DepositMoneyController,
  WithdrawMoneyController,
  FreezeAccountController,
  UnfreezeAccountController,
  CloseAccountController,
];

export const ACCOUNT_COMMAND_HANDLERS = [
  OpenAccountHandler,
  DepositMoneyHandler,
  WithdrawMoneyHandler,
  FreezeAccountHandler,
  UnfreezeAccountHandler,
  CloseAccountHandler,
];
