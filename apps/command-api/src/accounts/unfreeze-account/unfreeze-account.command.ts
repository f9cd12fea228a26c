import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { UnfreezeAccountDto } from './unfreeze-account.dto.js';

export class UnfreezeAccountCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: UnfreezeAccountDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
