import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireRole } from '@ledger/http';
import {
  ACCOUNT_SUMMARY,
  type AccountSummaryDocument,
  TRANSFERS,
  type TransferDocument,
} from '@ledger/read-models';
import type { Collection, Document } from 'mongodb';
import { ReadsFrom } from '../../consistency/reads-from.decorator.js';
import { ownerScope } from '../../query/owner-scope.js';
import { ReadModelCollections } from '../../read-models/read-model-collections.js';

type Counts = Record<string, number>;
export type LedgerSummary = {
  accountsByStatus: Counts;
  balanceByCurrency: Counts;
  transfersByStatus: Counts;
};

@ApiTags('analytics')
@ApiBearerAuth()
@RequireRole('analyst')
@Controller('analytics/summary')
export class SummaryController {
  constructor(private readonly collections: ReadModelCollections) {}

  @Get()
  @ReadsFrom(ACCOUNT_SUMMARY, TRANSFERS)
  @ApiOperation({ summary: 'Accounts by status, total balance per currency, transfers by status' })
  async summary(@CurrentPrincipal() principal: Principal): Promise<LedgerSummary> {
    const accounts = await this.collections.collection<AccountSummaryDocument>(ACCOUNT_SUMMARY);
    const transfers = await this.collections.collection<TransferDocument>(TRANSFERS);
    const ownAccounts = ownerScope(principal, 'ownerId');
    const [accountsByStatus, balanceByCurrency, transfersByStatus] = await Promise.all([
      totals(accounts, ownAccounts, '$status', { $sum: 1 }),
      totals(accounts, ownAccounts, '$currency', { $sum: '$balance' }),
      totals(transfers, ownerScope(principal, 'fromOwnerId'), '$status', { $sum: 1 }),
    ]);
    return { accountsByStatus, balanceByCurrency, transfersByStatus };
  }
}

/** One `$group` over the documents in scope: key → count or sum (a handful of keys, never a page). */
async function totals<D extends Document>(
  collection: Collection<D>,
  scope: Document,
  key: string,
  accumulator: Document,
): Promise<Counts> {
  const groups = await collection
    .aggregate<{ _id: string; total: number }>([
      { $match: scope },
      { $group: { _id: key, total: accumulator } },
    ])
    .toArray();
  return Object.fromEntries(
    groups.map((g) => [g._id, g.total]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}
