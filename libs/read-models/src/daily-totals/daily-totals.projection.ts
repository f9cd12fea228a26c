import { type DocumentUpdate, MongoProjection } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import { DAILY_TOTALS, type DailyTotalsDocument } from './daily-totals.document.js';

type Kind = 'deposits' | 'withdrawals' | 'transfers';

const dayOf = (iso: string) => iso.slice(0, 10);
const totalsId = (currency: string, at: string) => `${currency}:${dayOf(at)}`;

/**
 * Fed by every account's stream, so one position cannot guard it: changes are increments only
 * (commutative), and the engine guards an event released from parking by its id.
 */
const count =
  (kind: Kind) =>
  (e: { data: { amount: number; currency: string } }, doc: DocumentUpdate<DailyTotalsDocument>, at: string) =>
    doc
      .set('currency', e.data.currency)
      .set('day', dayOf(at))
      .inc(`${kind}.count`, 1)
      .inc(`${kind}.sum`, e.data.amount);

export const dailyTotalsProjection = new MongoProjection<LedgerEvent, DailyTotalsDocument>(DAILY_TOTALS)
  .on(
    'MoneyDeposited',
    (e) => totalsId(e.data.currency, e.data.depositedAt),
    (e, doc) => count('deposits')(e, doc, e.data.depositedAt),
  )
  .on(
    'MoneyWithdrawn',
    (e) => totalsId(e.data.currency, e.data.withdrawnAt),
    (e, doc) => count('withdrawals')(e, doc, e.data.withdrawnAt),
  )
  .on(
    'TransferCredited',
    (e) => totalsId(e.data.currency, e.data.creditedAt),
    (e, doc) => count('transfers')(e, doc, e.data.creditedAt),
  )
  .index({ currency: 1, day: 1 })
  .index({ day: 1 });
