import { Injectable } from '@nestjs/common';
import {
  ACCOUNT_SUMMARY,
  type AccountSummaryDocument,
  type DailyTotalsDocument,
  LEDGER_ENTRIES,
  type LedgerEntryDocument,
  type Tally,
} from '@ledger/read-models';
import { ReadModelCollections } from '../../read-models/read-model-collections.js';

const KINDS = { deposit: 'deposits', withdrawal: 'withdrawals', 'transfer-credit': 'transfers' } as const;
type Group = { _id: { currency: string; day: string; kind: keyof typeof KINDS }; count: number; sum: number };

/**
 * The day totals of some owners' accounts only. The daily-totals read model sums every owner,
 * so a key bound to owners gets the same figures summed from its accounts' ledger entries:
 * deposits, withdrawals (as positive sums) and transfers credited, per currency and UTC day.
 */
@Injectable()
export class OwnerDailyTotals {
  constructor(private readonly collections: ReadModelCollections) {}

  async documents(
    owners: ReadonlySet<string>,
    currency: string | undefined,
    occurredAt: { $gte?: Date; $lt?: Date } | undefined,
  ): Promise<DailyTotalsDocument[]> {
    const accounts = await this.collections.collection<AccountSummaryDocument>(ACCOUNT_SUMMARY);
    const owned = await accounts.distinct('_id', { ownerId: { $in: [...owners] } });
    const entries = await this.collections.collection<LedgerEntryDocument>(LEDGER_ENTRIES);
    const match = {
      accountId: { $in: owned },
      kind: { $in: Object.keys(KINDS) },
      ...(currency !== undefined ? { currency } : {}),
      ...(occurredAt ? { occurredAt } : {}),
    };
    const groups = await entries
      .aggregate<Group>([
        { $match: match },
        {
          $group: {
            _id: {
              currency: '$currency',
              day: { $dateToString: { format: '%Y-%m-%d', date: '$occurredAt' } },
              kind: '$kind',
            },
            count: { $sum: 1 },
            sum: { $sum: { $abs: '$amount' } },
          },
        },
      ])
      .toArray();
    return fold(groups);
  }
}

function fold(groups: Group[]): DailyTotalsDocument[] {
  const days = new Map<string, DailyTotalsDocument>();
  const empty = (): Tally => ({ count: 0, sum: 0 });
  for (const { _id, count, sum } of groups) {
    const id = `${_id.currency}:${_id.day}`;
    const doc = days.get(id) ?? {
      _id: id,
      currency: _id.currency,
      day: _id.day,
      deposits: empty(),
      withdrawals: empty(),
      transfers: empty(),
    };
    doc[KINDS[_id.kind]] = { count, sum };
    days.set(id, doc);
  }
  return [...days.values()].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}
