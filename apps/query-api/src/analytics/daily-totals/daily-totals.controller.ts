import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRole } from '@ledger/http';
import { ACCOUNT_SUMMARY, DAILY_TOTALS, LEDGER_ENTRIES } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ListResponder } from '../../exports/list-responder.js';
import { documentPages } from '../../pagination/document-pages.js';
import { PageCursors } from '../../pagination/page-cursor.js';
import { shapingParams } from '../../query/page.params.js';
import { timeRange } from '../../query/time-range.js';
import { DAILY_TOTALS_VIEW } from './daily-totals.view.js';
import { DailyTotalsParams } from './daily-totals.params.js';
import { OwnerDailyTotals } from './owner-daily-totals.query.js';

const MAX_RANGE_DAYS = 366;
const DAY_MS = 86_400_000;
// `_id` is `<currency>:<day>`: by currency, then by day.
const DAILY_TOTALS_ORDER = { field: '_id', kind: 'string', direction: 1 } as const;

@ApiTags('analytics')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('analytics/daily-totals')
export class DailyTotalsController {
  constructor(
    private readonly lists: ListResponder,
    private readonly ownerTotals: OwnerDailyTotals,
    private readonly cursors: PageCursors,
  ) {}

  @Get()
  // A key bound to owners is answered from its accounts' ledger entries (see OwnerDailyTotals).
  @ReadsFrom(DAILY_TOTALS, LEDGER_ENTRIES, ACCOUNT_SUMMARY)
  @ApiOperation({ summary: 'Deposits, withdrawals and settled transfers per currency and UTC day' })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  async list(
    @Query() params: DailyTotalsParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { currency, from, to, cursor, limit } = params;
    // Days are inclusive; as instants the range ends where the day after `to` begins.
    const end = to === undefined ? undefined : new Date(Date.parse(to) + DAY_MS).toISOString();
    const instants = timeRange({ from: 'from', to: 'to' }, from, end, MAX_RANGE_DAYS);
    const query = shapingParams(params);
    if (principal.owners !== undefined) {
      const documents = await this.ownerTotals.documents(principal.owners, currency, instants);
      return this.lists.send(
        request,
        reply,
        documentPages(documents, { query, cursor, limit }, this.cursors),
        DAILY_TOTALS_VIEW,
      );
    }
    const day = { ...(from !== undefined ? { $gte: from } : {}), ...(to !== undefined ? { $lte: to } : {}) };
    const filter = { ...(currency !== undefined ? { currency } : {}), ...(instants ? { day } : {}) };
    const list = { readModel: DAILY_TOTALS, filter, order: DAILY_TOTALS_ORDER, query, cursor, limit };
    return this.lists.respond(request, reply, list, DAILY_TOTALS_VIEW);
  }
}
