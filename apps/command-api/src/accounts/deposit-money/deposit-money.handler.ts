import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accountDecider, accountStreamName } from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { accountAccess } from '../account-access.js';
import { DepositMoneyCommand } from './deposit-money.command.js';

@CommandHandler(DepositMoneyCommand)
export class DepositMoneyHandler implements ICommandHandler<DepositMoneyCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  execute({ accountId, body, request }: DepositMoneyCommand): Promise<CommandOutcome> {
    const streamName = accountStreamName(accountId);
    const context = this.contexts.create(request, 'DepositMoney', { accountId, ...body }, streamName);
    const { amount, reference } = body;
    return this.pipeline.handle(
      accountDecider,
      {
        streamName,
        command: {
          type: 'DepositMoney',
          data: { accountId, amount, ...(reference != null ? { reference } : {}), now: context.issuedAt },
        },
        context,
      },
      accountAccess(request, accountId),
    );
  }
}
