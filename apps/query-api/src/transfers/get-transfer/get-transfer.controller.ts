import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { fromLong } from '@ledger/consumers-mongodb';
import { NotFoundError } from '@ledger/domain';
import { CurrentPrincipal, mayAccessOwner, type Principal, RequireRole } from '@ledger/http';
import { TRANSFERS, type TransferDocument } from '@ledger/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { notModified } from '../../query/entity-tag.js';
import { IdParams } from '../../query/id.params.js';
import { ReadModelCollections } from '../../read-models/read-model-collections.js';
import { type TransferItem, transferItem } from '../transfer.view.js';

/** What the projector stamps on every document: the position of the event that last changed it. */
type Positioned = { position: unknown };

@ApiTags('transfers')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('transfers')
export class GetTransferController {
  constructor(private readonly collections: ReadModelCollections) {}

  @Get(':id')
  @ReadsFrom(TRANSFERS)
  @ApiOperation({ summary: 'One transfer; ETag = the position that last changed it (If-None-Match → 304)' })
  async get(
    @Param() params: IdParams,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TransferItem | undefined> {
    const transfers = await this.collections.collection<TransferDocument & Positioned>(TRANSFERS);
    const doc = await transfers.findOne({ _id: params.id });
    // A bound key sees transfers from its owners' accounts only; a transfer without a recorded owner, none.
    const visible =
      doc &&
      (principal.owners === undefined ||
        (doc.fromOwnerId !== null && mayAccessOwner(principal, doc.fromOwnerId)));
    if (!doc || !visible) throw new NotFoundError('transfer', params.id);
    // Transfers have no stream revision here; the projector's position changes with every step.
    return notModified(request, reply, fromLong(doc.position)) ? undefined : transferItem(doc);
  }
}
