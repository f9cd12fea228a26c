import type { DailyTotalsDocument } from '@ledger/read-models';
import type { ListView } from '../../exports/list-responder.js';

export function dailyTotalsItem(doc: DailyTotalsDocument) {
  return {
    currency: doc.currency,
    day: doc.day,
    deposits: doc.deposits,
    withdrawals: doc.withdrawals,
    transfers: doc.transfers,
  };
}

export const DAILY_TOTALS_VIEW: ListView<DailyTotalsDocument, ReturnType<typeof dailyTotalsItem>> = {
  toItem: dailyTotalsItem,
  columns: [
    'currency',
    'day',
    'deposits.count',
    'deposits.sum',
    'withdrawals.count',
    'withdrawals.sum',
    'transfers.count',
    'transfers.sum',
  ],
};
