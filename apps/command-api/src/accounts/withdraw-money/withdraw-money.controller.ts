import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountIdParams } from '../account-id.params.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { WithdrawMoneyCommand } from './withdraw-money.command.js';
import { WithdrawMoneyDto } from './withdraw-money.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class WithdrawMoneyController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/withdrawals')
  @HttpCode(200)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Withdraw money (within the overdraft limit)' })
  @ApiOkResponse({ type: AccountCommandAnswerDto })
  async withdraw(
    @Param() { id }: AccountIdParams,
    @Body() body: WithdrawMoneyDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    const outcome = await this.commandBus.execute(new WithdrawMoneyCommand(id, body, request));
    return { accountId: id, ...answerOf(outcome) };
  }
}
