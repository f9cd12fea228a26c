import { Command } from '@nestjs/cqrs';
import type { CommandOutcome } from '@ledger/event-store';
import type { CommandRequest } from '../../commands/command-request.js';
import type { RequestTransferDto } from './request-transfer.dto.js';

export class RequestTransferCommand extends Command<CommandOutcome> {
  constructor(
    readonly transferId: string,
    readonly body: RequestTransferDto,
    readonly request: CommandRequest,
  ) {
    super();
  }
}
