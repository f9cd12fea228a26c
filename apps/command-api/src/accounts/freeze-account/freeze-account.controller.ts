import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountIdParams } from '../account-id.params.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { FreezeAccountCommand } from './freeze-account.command.js';
import { FreezeAccountDto } from './freeze-account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class FreezeAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/freeze')
  @HttpCode(200)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Freeze an account (blocks withdrawals and transfer debits)' })
  @ApiOkResponse({ type: AccountCommandAnswerDto })
  async freeze(
    @Param() { id }: AccountIdParams,
    @Body() body: FreezeAccountDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    const outcome = await this.commandBus.execute(new FreezeAccountCommand(id, body, request));
    return { accountId: id, ...answerOf(outcome) };
  }
}
