import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountIdParams } from '../account-id.params.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { DepositMoneyCommand } from './deposit-money.command.js';
import { DepositMoneyDto } from './deposit-money.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class DepositMoneyController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/deposits')
  @HttpCode(200)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Deposit money into an account' })
  @ApiOkResponse({ type: AccountCommandAnswerDto })
  async deposit(
    @Param() { id }: AccountIdParams,
    @Body() body: DepositMoneyDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    const outcome = await this.commandBus.execute(new DepositMoneyCommand(id, body, request));
    return { accountId: id, ...answerOf(outcome) };
  }
}
