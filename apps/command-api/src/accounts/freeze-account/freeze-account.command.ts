import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { FreezeAccountDto } from './freeze-account.dto.js';

export class FreezeAccountCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: FreezeAccountDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
