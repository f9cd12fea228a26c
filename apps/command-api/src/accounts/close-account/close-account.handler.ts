import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, accountStreamName } from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { accountAccess } from '../account-access.js';
import { CloseAccountCommand } from './close-account.command.js';

@CommandHandler(CloseAccountCommand)
export class CloseAccountHandler implements ICommandHandler<CloseAccountCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  execute({ accountId, body, request }: CloseAccountCommand): Promise<CommandOutcome> {
    const streamName = accountStreamName(accountId);
    const context = this.contexts.create(request, 'CloseAccount', { accountId, ...body }, streamName);
    return this.pipeline.handle(
      accountDecider,
      {
        streamName,
        command: {
          type: 'CloseAccount',
          data: { accountId, ...(body.reason != null ? { reason: body.reason } : {}), now: context.issuedAt },
        },
        context,
      },
      accountAccess(request, accountId),
    );
  }
}
