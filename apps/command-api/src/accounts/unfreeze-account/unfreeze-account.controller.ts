import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { AccountIdParams } from '../account-id.params.js';
import { AccountCommandAnswerDto } from '../account-command-answer.dto.js';
import { UnfreezeAccountCommand } from './unfreeze-account.command.js';
import { UnfreezeAccountDto } from './unfreeze-account.dto.js';

@ApiTags('accounts')
@Controller('accounts')
export class UnfreezeAccountController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post(':id/unfreeze')
  @HttpCode(200)
  @CommandEndpoint({ idempotencyKey: 'optional' })
  @ApiOperation({ summary: 'Unfreeze a frozen account' })
  @ApiOkResponse({ type: AccountCommandAnswerDto })
  async unfreeze(
    @Param() { id }: AccountIdParams,
    @Body() body: UnfreezeAccountDto,
    @CommandRequestMeta() request: CommandRequest,
  ): Promise<AccountCommandAnswerDto> {
    const outcome = await this.commandBus.execute(new UnfreezeAccountCommand(id, body, request));
    return { accountId: id, ...answerOf(outcome) };
  }
}
