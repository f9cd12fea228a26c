import type { Principal } from '@ledger/http';
import type { AccountSummaryDocument } from '@ledger/read-models';
import type { Filter } from 'mongodb';
import { ownerScope } from '../../query/owner-scope.js';
import { timeRange } from '../../query/time-range.js';
import type { ListAccountsParams } from './list-accounts.params.js';

/** Accounts opened over more than this span are one request too many: page through years instead. */
const MAX_OPENED_RANGE_DAYS = 3_660;

/** Each condition from one validated parameter, under a field name written here. */
export function listAccountsFilter(
  params: ListAccountsParams,
  principal: Principal,
): Filter<AccountSummaryDocument> {
  const { ownerId, status, currency, minBalance, maxBalance, openedFrom, openedTo } = params;
  const opened = timeRange(
    { from: 'openedFrom', to: 'openedTo' },
    openedFrom,
    openedTo,
    MAX_OPENED_RANGE_DAYS,
  );
  const balance = {
    ...(minBalance !== undefined ? { $gte: minBalance } : {}),
    ...(maxBalance !== undefined ? { $lte: maxBalance } : {}),
  };
  const asked: Filter<AccountSummaryDocument> = {
    ...(ownerId !== undefined ? { ownerId } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(currency !== undefined ? { currency } : {}),
    ...(Object.keys(balance).length > 0 ? { balance } : {}),
    ...(opened ? { openedAt: opened } : {}),
  };
  return { $and: [asked, ownerScope(principal, 'ownerId')] };
}
