import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { OpenAccountDto } from './open-account.dto.js';

export class OpenAccountCommand extends Command<CommandOutcome> {
  constructor(
    readonly accountId: string,
    readonly body: OpenAccountDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
