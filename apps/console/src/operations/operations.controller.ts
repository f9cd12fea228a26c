import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '@ledger/http';
import type { FastifyReply } from 'fastify';
import { ParkedQuery, ParkedStreamParams, RebuildBody, RebuildParams } from './operations.dto.js';
import { ProjectorsProxy } from './projectors.proxy.js';

const q = (value: string) => encodeURIComponent(value);

/** Projections, parked events and rebuilds: the projectors' own operator endpoints, passed through. */
@ApiTags('projections')
@ApiBearerAuth()
@RequireRole('operator')
@Controller('api')
export class OperationsController {
  constructor(@Inject(ProjectorsProxy) private readonly projectors: ProjectorsProxy) {}

  @Get('projections')
  @ApiOperation({
    summary: "Each consumer's position, lag, owner and stalled flag (the projectors' /status)",
  })
  status(@Headers('authorization') auth: string, @Res() reply: FastifyReply) {
    return this.pass(reply, 'GET', '/status', auth);
  }

  @Get('parked')
  @ApiOperation({ summary: "A consumer's parked events with their errors" })
  parked(@Query() query: ParkedQuery, @Headers('authorization') auth: string, @Res() reply: FastifyReply) {
    const cursor = query.cursor ? `&cursor=${q(query.cursor)}` : '';
    return this.pass(reply, 'GET', `/parked?consumer=${q(query.consumer)}${cursor}`, auth);
  }

  @Post('parked/:consumer/:stream/:action')
  @HttpCode(202)
  @ApiOperation({ summary: "Retry or skip a stream's first parked event" })
  act(@Param() p: ParkedStreamParams, @Headers('authorization') auth: string, @Res() reply: FastifyReply) {
    return this.pass(reply, 'POST', `/parked/${q(p.consumer)}/${q(p.stream)}/${p.action}`, auth);
  }

  @Post('rebuilds')
  @ApiOperation({ summary: 'Start a blue-green rebuild of a read model' })
  startRebuild(
    @Body() body: RebuildBody,
    @Headers('authorization') auth: string,
    @Res() reply: FastifyReply,
  ) {
    return this.pass(reply, 'POST', '/rebuilds', auth, { readModel: body.readModel });
  }

  @Get('rebuilds/:id')
  @ApiOperation({ summary: "A rebuild's progress" })
  rebuild(@Param() p: RebuildParams, @Headers('authorization') auth: string, @Res() reply: FastifyReply) {
    return this.pass(reply, 'GET', `/rebuilds/${q(p.id)}`, auth);
  }

  @Delete('rebuilds/:id')
  @ApiOperation({ summary: 'Cancel a rebuild' })
  cancel(@Param() p: RebuildParams, @Headers('authorization') auth: string, @Res() reply: FastifyReply) {
    return this.pass(reply, 'DELETE', `/rebuilds/${q(p.id)}`, auth);
  }

  private async pass(reply: FastifyReply, method: string, path: string, auth: string, body?: unknown) {
    const answer = await this.projectors.forward(method, path, auth, body);
    await reply.status(answer.status).header('content-type', answer.contentType).send(answer.body);
  }
}
