import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { DepositMoneyDto } from './deposit-money.dto.js';

export class DepositMoneyCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: DepositMoneyDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
