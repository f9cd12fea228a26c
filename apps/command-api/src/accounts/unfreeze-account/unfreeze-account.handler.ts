import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, accountStreamName } from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { accountAccess } from '../account-access.js';
import { UnfreezeAccountCommand } from './unfreeze-account.command.js';

@CommandHandler(UnfreezeAccountCommand)
export class UnfreezeAccountHandler implements ICommandHandler<UnfreezeAccountCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  execute({ accountId, body, request }: UnfreezeAccountCommand): Promise<CommandOutcome> {
    const streamName = accountStreamName(accountId);
    const context = this.contexts.create(request, 'UnfreezeAccount', { accountId, ...body }, streamName);
    return this.pipeline.handle(
      accountDecider,
      {
        streamName,
        command: {
          type: 'UnfreezeAccount',
          data: { accountId, ...(body.reason != null ? { reason: body.reason } : {}), now: context.issuedAt },
        },
        context,
      },
      accountAccess(request, accountId),
    );
  }
}
