import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  accountDecider,
  accountStreamName,
  IllegalStateError,
  transferDecider,
  transferStreamName,
} from '@ledger/domain';
import { CommandPipeline, type CommandOutcome } from '@ledger/event-store';
import { CommandContextFactory } from '../../commands/command-context.factory.js';
import { assertVisibleAccount } from '../../accounts/account-access.js';
import { RequestTransferCommand } from './request-transfer.command.js';

@CommandHandler(RequestTransferCommand)
export class RequestTransferHandler implements ICommandHandler<RequestTransferCommand> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly contexts: CommandContextFactory,
  ) {}

  /** The transfer's currency is its source account's; only the source's owner may move its money. */
  async execute({ transferId, body, request }: RequestTransferCommand): Promise<CommandOutcome> {
    const { fromAccountId, toAccountId, amount } = body;
    const source = await this.pipeline.inspect(
      accountDecider,
      accountStreamName(fromAccountId),
      (s) => s.status !== 'none',
    );
    assertVisibleAccount(request, fromAccountId, source);
    if (body.currency !== undefined && body.currency !== source.currency) {
      throw new IllegalStateError(
        `the transfer is in ${body.currency}, but account ${fromAccountId} holds ${source.currency}`,
        'currency-mismatch',
      );
    }
    const streamName = transferStreamName(transferId);
    const context = this.contexts.create(request, 'RequestTransfer', body, streamName);
    const data = {
      transferId,
      fromAccountId,
      toAccountId,
      amount,
      currency: source.currency,
      fromOwnerId: source.ownerId,
      now: context.issuedAt,
    };
    return this.pipeline.handle(transferDecider, {
      streamName,
      command: { type: 'RequestTransfer', data },
      context,
      expectedState: 'new',
    });
  }
}
