import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { WithdrawMoneyDto } from './withdraw-money.dto.js';

export class WithdrawMoneyCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: WithdrawMoneyDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
