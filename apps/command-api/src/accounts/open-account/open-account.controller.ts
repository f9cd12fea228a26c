import { Body, Controller, ForbiddenException, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { derivedIdFor } from '@ledger/event-store';
import { mayAccessOwner } from '@ledger/http';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { OpenAccountCommand } from './open-account.command.js';
import { OpenAccountDto } from './open-account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class OpenAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Open an account' })
  @ApiCreatedResponse({ type: AccountCommandAnswerDto })
  async open(
    @Body() body: OpenAccountDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    if (!mayAccessOwner(request, body.ownerId)) {
      throw new ForbiddenException('This API key may open accounts only for the owners it is bound to.');
    }
    // With a key, a retry that omitted accountId must land on the same stream (the principal's own).
    const accountId = body.accountId ?? derivedIdFor(request, 'accountId');
    const outcome = await this.commandBus.execute(new OpenAccountCommand(accountId, body, request));
    return { accountId, ...answerOf(outcome) };
  }
}
