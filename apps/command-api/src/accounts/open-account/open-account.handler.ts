import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, accountStreamName } from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { OpenAccountCommand } from './open-account.command.js';

@CommandHandler(OpenAccountCommand)
export class OpenAccountHandler implements ICommandHandler<OpenAccountCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  execute({ accountId, body, request }: OpenAccountCommand): Promise<CommandOutcome> {
    const streamName = accountStreamName(accountId);
    const context = this.contexts.create(request, 'OpenAccount', body, streamName);
    const { ownerId, currency, overdraftLimit = 0 } = body;
    return this.pipeline.handle(accountDecider, {
      streamName,
      command: {
        type: 'OpenAccount',
        data: { accountId, ownerId, currency, overdraftLimit, now: context.issuedAt },
      },
      context,
      expectedState: 'new',
    });
  }
}
