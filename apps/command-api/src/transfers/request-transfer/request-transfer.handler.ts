import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { transferDecider, transferStreamName } from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { RequestTransferCommand } from './request-transfer.command.js';

@CommandHandler(RequestTransferCommand)
export class RequestTransferHandler implements ICommandHandler<RequestTransferCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  execute({ transferId, body, request }: RequestTransferCommand): Promise<CommandOutcome> {
    const context = this.contexts.create(request, 'RequestTransfer', body);
    const { fromAccountId, toAccountId, amount } = body;
    return this.pipeline.handle(transferDecider, {
      streamName: transferStreamName(transferId),
      command: {
        type: 'RequestTransfer',
        data: { transferId, fromAccountId, toAccountId, amount, now: context.issuedAt },
      },
      context,
      expectedState: 'new',
    });
  }
}
