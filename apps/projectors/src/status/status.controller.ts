import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumerHost } from '@ledger/consumers';
import { RequireRole } from '@ledger/http';
import { ProjectorsStatusDto, toConsumerStatusDto } from './consumer-status.dto.js';

/** Operators only: a consumer's last error may quote an event's data. */
@ApiTags('operations')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('status')
export class StatusController {
  constructor(@Inject(ConsumerHost) private readonly host: ConsumerHost) {}

  @Get()
  @ApiOperation({ summary: 'Every consumer: owner, position, lag, handled, parked, last error, stalled' })
  @ApiOkResponse({ type: ProjectorsStatusDto })
  async status(): Promise<ProjectorsStatusDto> {
    const statuses = await this.host.status();
    return { instanceId: this.host.instanceId, consumers: statuses.map(toConsumerStatusDto) };
  }
}
