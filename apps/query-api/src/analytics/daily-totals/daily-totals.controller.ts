import { Controller, ForbiddenException, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRole } from '@ledger/http';
import { DAILY_TOTALS } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ListResponder } from '../../exports/list-responder.js';
import { shapingParams } from '../../query/page.params.js';
import { timeRange } from '../../query/time-range.js';
import { DAILY_TOTALS_VIEW } from './daily-totals.view.js';
import { DailyTotalsParams } from './daily-totals.params.js';

const MAX_RANGE_DAYS = 366;
// `_id` is `<currency>:<day>`: by currency, then by day.
const DAILY_TOTALS_ORDER = { field: '_id', kind: 'string', direction: 1 } as const;

@ApiTags('analytics')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('analytics/daily-totals')
export class DailyTotalsController {
  constructor(private readonly lists: ListResponder) {}

  @Get()
  @ReadsFrom(DAILY_TOTALS)
  @ApiOperation({ summary: 'Deposits, withdrawals and settled transfers per currency and UTC day' })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  list(
    @Query() params: DailyTotalsParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // The day totals sum every owner's money; a key bound to owners may not see them.
    if (principal.owners !== undefined)
      throw new ForbiddenException(
        'Daily totals cover every owner; a key bound to owners may not read them.',
      );
    const { currency, from, to } = params;
    // The range check works on instants; `to` is inclusive, so it ends a day later.
    const end = to === undefined ? undefined : new Date(Date.parse(to) + 86_400_000).toISOString();
    timeRange({ from: 'from', to: 'to' }, from, end, MAX_RANGE_DAYS);
    const day = { ...(from !== undefined ? { $gte: from } : {}), ...(to !== undefined ? { $lte: to } : {}) };
    const list = {
      readModel: DAILY_TOTALS,
      filter: { ...(currency !== undefined ? { currency } : {}), ...((from ?? to) ? { day } : {}) },
      order: DAILY_TOTALS_ORDER,
      query: shapingParams(params),
      cursor: params.cursor,
      limit: params.limit,
    };
    return this.lists.respond(request, reply, list, DAILY_TOTALS_VIEW);
  }
}
