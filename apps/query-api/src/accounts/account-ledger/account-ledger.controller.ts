import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@ledger/domain';
import { CurrentPrincipal, mayAccessOwner, type Principal, RequireRole } from '@ledger/http';
import { ACCOUNT_SUMMARY, type AccountSummaryDocument, LEDGER_ENTRIES } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ListResponder } from '../../exports/list-responder.js';
import { IdParams } from '../../query/id.params.js';
import { shapingParams } from '../../query/page.params.js';
import { timeRange } from '../../query/time-range.js';
import { ReadModelCollections } from '../../read-models/read-model-collections.js';
import { AccountLedgerParams } from './account-ledger.params.js';
import { LEDGER_ENTRY_VIEW } from './ledger-entry.view.js';

const MAX_RANGE_DAYS = 366;
// Entries follow the account stream's order; `revision` is unique within one account.
const LEDGER_ORDER = { field: 'revision', kind: 'number', direction: 1 } as const;

@ApiTags('accounts')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('accounts')
export class AccountLedgerController {
  constructor(
    private readonly collections: ReadModelCollections,
    private readonly lists: ListResponder,
  ) {}

  @Get(':id/ledger')
  @ReadsFrom(LEDGER_ENTRIES, ACCOUNT_SUMMARY)
  @ApiOperation({ summary: "An account's money movements in stream order, by time range; paged or exported" })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  async ledger(
    @Param() { id }: IdParams,
    @Query() params: AccountLedgerParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const accounts = await this.collections.collection<AccountSummaryDocument>(ACCOUNT_SUMMARY);
    const account = await accounts.findOne({ _id: id }, { projection: { ownerId: 1 } });
    if (!account || !mayAccessOwner(principal, account.ownerId)) throw new NotFoundError('account', id);
    const occurredAt = timeRange({ from: 'from', to: 'to' }, params.from, params.to, MAX_RANGE_DAYS);
    const list = {
      readModel: LEDGER_ENTRIES,
      filter: { accountId: id, ...(occurredAt ? { occurredAt } : {}) },
      order: LEDGER_ORDER,
      query: { id, ...shapingParams(params) },
      cursor: params.cursor,
      limit: params.limit,
    };
    return this.lists.respond(request, reply, list, LEDGER_ENTRY_VIEW);
  }
}
