import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '@ledger/domain';
import { CurrentPrincipal, mayAccessOwner, type Principal, RequireRole } from '@ledger/http';
import { ACCOUNT_SUMMARY, type AccountSummaryDocument } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { notModified } from '../../query/entity-tag.js';
import { IdParams } from '../../query/id.params.js';
import { ReadModelCollections } from '../../read-models/read-model-collections.js';
import { type AccountItem, accountItem } from '../account.view.js';

@ApiTags('accounts')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('accounts')
export class GetAccountController {
  constructor(private readonly collections: ReadModelCollections) {}

  @Get(':id')
  @ReadsFrom(ACCOUNT_SUMMARY)
  @ApiOperation({ summary: 'One account; ETag = its stream revision (If-None-Match → 304)' })
  async get(
    @Param() params: IdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccountItem | undefined> {
    const accounts = await this.collections.collection<AccountSummaryDocument>(ACCOUNT_SUMMARY);
    const doc = await accounts.findOne({ _id: params.id });
    // Another owner's account answers exactly as an unknown one.
    if (!doc || !mayAccessOwner(principal, doc.ownerId)) throw new NotFoundError('account', params.id);
    return notModified(request, reply, doc.revision) ? undefined : accountItem(doc);
  }
}
