import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountIdParams } from '../account-id.params.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { CloseAccountCommand } from './close-account.command.js';
import { CloseAccountDto } from './close-account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class CloseAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Close an account (its balance must be zero)' })
  @ApiOkResponse({ type: AccountCommandAnswerDto })
  async close(
    @Param() { id }: AccountIdParams,
    @Body() body: CloseAccountDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    const outcome = await this.commandBus.execute(new CloseAccountCommand(id, body, request));
    return { accountId: id, ...answerOf(outcome) };
  }
}
