import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { CloseAccountDto } from './close-account.dto.js';

export class CloseAccountCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: CloseAccountDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
