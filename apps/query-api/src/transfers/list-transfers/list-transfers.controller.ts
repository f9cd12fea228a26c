import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRole } from '@ledger/http';
import { TRANSFERS } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ListResponder } from '../../exports/list-responder.js';
import { ownerScope } from '../../query/owner-scope.js';
import { shapingParams } from '../../query/page.params.js';
import { timeRange } from '../../query/time-range.js';
import { TRANSFER_VIEW } from '../transfer.view.js';
import { ListTransfersParams } from './list-transfers.params.js';

const MAX_RANGE_DAYS = 366;
// Newest last, in request order; `requestedAt` never changes once a transfer exists.
const TRANSFER_ORDER = { field: 'requestedAt', kind: 'date', direction: 1 } as const;

@ApiTags('transfers')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('transfers')
export class ListTransfersController {
  constructor(private readonly lists: ListResponder) {}

  @Get()
  @ReadsFrom(TRANSFERS)
  @ApiOperation({ summary: 'Transfers by status, account and request time; paged or exported' })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  list(
    @Query() params: ListTransfersParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { status, accountId } = params;
    const requestedAt = timeRange({ from: 'from', to: 'to' }, params.from, params.to, MAX_RANGE_DAYS);
    const asked = {
      ...(status !== undefined ? { status } : {}),
      ...(accountId !== undefined ? { $or: [{ fromAccountId: accountId }, { toAccountId: accountId }] } : {}),
      ...(requestedAt ? { requestedAt } : {}),
    };
    const list = {
      readModel: TRANSFERS,
      filter: { $and: [asked, ownerScope(principal, 'fromOwnerId')] },
      order: TRANSFER_ORDER,
      query: shapingParams(params),
      cursor: params.cursor,
      limit: params.limit,
    };
    return this.lists.respond(request, reply, list, TRANSFER_VIEW);
  }
}
