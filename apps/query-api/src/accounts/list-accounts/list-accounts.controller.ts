import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRole } from '@ledger/http';
import { ACCOUNT_SUMMARY } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ListResponder } from '../../exports/list-responder.js';
import { pageOrder } from '../../pagination/page-order.js';
import { shapingParams } from '../../query/page.params.js';
import { ACCOUNT_VIEW } from '../account.view.js';
import { listAccountsFilter } from './list-accounts.filter.js';
import { ACCOUNT_SORTS, ListAccountsParams } from './list-accounts.params.js';

@ApiTags('accounts')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('accounts')
export class ListAccountsController {
  constructor(private readonly lists: ListResponder) {}

  @Get()
  @ReadsFrom(ACCOUNT_SUMMARY)
  @ApiOperation({
    summary: 'Accounts by owner, status, currency, balance and opening date; paged or exported',
  })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  list(
    @Query() params: ListAccountsParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const list = {
      readModel: ACCOUNT_SUMMARY,
      filter: listAccountsFilter(params, principal),
      order: pageOrder(params.sort, ACCOUNT_SORTS),
      query: shapingParams(params),
      cursor: params.cursor,
      limit: params.limit,
    };
    return this.lists.respond(request, reply, list, ACCOUNT_VIEW);
  }
}
