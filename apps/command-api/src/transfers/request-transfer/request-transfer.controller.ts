import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { derivedIdFor } from '@ledger/event-store';
import { answerOf } from '../../commands/command-answer.js';
import { CommandEndpoint } from '../../commands/command-endpoint.decorator.js';
import { type CommandRequest, CommandRequestMeta } from '../../commands/command-request.js';
import { TransferCommandAnswerDto } from '../transfer-command-answer.dto.js';
import { RequestTransferCommand } from './request-transfer.command.js';
import { RequestTransferDto } from './request-transfer.dto.js';

@ApiTags('transfers')
@Controller('transfers')
export class RequestTransferController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(202)
  @CommandEndpoint({ idempotencyKey: 'required' })
  @ApiOperation({ summary: 'Request a transfer; the workflow settles it (completed, rejected or failed)' })
  @ApiAcceptedResponse({ type: TransferCommandAnswerDto })
  async request(
    @Body() body: RequestTransferDto,
    @CommandRequestMeta({ idempotencyKey: 'required' }) request: CommandRequest,
  ): Promise<TransferCommandAnswerDto> {
    // Derived from the key, so a retry without transferId reaches the same transfer.
    const transferId = body.transferId ?? derivedIdFor(request, 'transferId');
    const outcome = await this.commandBus.execute(new RequestTransferCommand(transferId, body, request));
    return { transferId, ...answerOf(outcome) };
  }
}
