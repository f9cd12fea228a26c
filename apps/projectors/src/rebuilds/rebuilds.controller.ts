import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@ledger/http';
import { RebuildDto, RebuildIdParams, RebuildsPage, StartRebuildBody, toRebuildDto } from './rebuild.dto.js';
import { RebuildsService } from './rebuilds.service.js';

/** Blue-green read-model rebuilds, run by this projectors process (operators only). */
@ApiTags('rebuilds')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('rebuilds')
export class RebuildsController {
  constructor(@Inject(RebuildsService) private readonly rebuilds: RebuildsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Rebuild a read model into a new collection, then switch its alias' })
  @ApiAcceptedResponse({ type: RebuildDto })
  start(@Body() body: StartRebuildBody): RebuildDto {
    return toRebuildDto(this.rebuilds.start(body.readModel));
  }

  @Get()
  @ApiOkResponse({ type: RebuildsPage })
  list(): RebuildsPage {
    return { items: this.rebuilds.list().map(toRebuildDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Progress: state, events applied, events/s, position against the target' })
  @ApiOkResponse({ type: RebuildDto })
  get(@Param() params: RebuildIdParams): RebuildDto {
    return toRebuildDto(this.rebuilds.get(params.id));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Cancel before the switch: the half-built collection is dropped' })
  @ApiOkResponse({ type: RebuildDto })
  cancel(@Param() params: RebuildIdParams): RebuildDto {
    return toRebuildDto(this.rebuilds.cancel(params.id));
  }
}
