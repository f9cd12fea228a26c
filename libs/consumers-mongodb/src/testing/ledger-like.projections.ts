import type { Message } from '@ledger/consumers';
import { MongoProjection } from '../projection/mongo-projection.js';

/** Test read models shaped like the ledger's: one per-stream document, one fed by many streams. */
export type TestEvent =
  | { type: 'Opened'; data: { account: string; owner: string } }
  | { type: 'Deposited'; data: { account: string; amount: number; day: string } }
  | { type: 'Tagged'; data: { account: string; tag: string } };

export type AccountDoc = { _id: string; owner: string; balance: number; deposits: number; tags: string[] };
export type DayDoc = { _id: string; total: number; count: number };

export const accountsProjection = new MongoProjection<TestEvent, AccountDoc>('test-accounts')
  .on(
    'Opened',
    (e) => e.data.account,
    (e, doc) => doc.setOnInsert('owner', e.data.owner).set('balance', 0).set('tags', []),
  )
  .on(
    'Deposited',
    (e) => e.data.account,
    (e, doc) => doc.inc('balance', e.data.amount).inc('deposits', 1),
  )
  .on(
    'Tagged',
    (e) => e.data.account,
    (e, doc) => doc.addToSet('tags', e.data.tag),
  );

export const dailyTotalsProjection = new MongoProjection<TestEvent, DayDoc>('test-daily-totals')
  .on(
    'Deposited',
    (e) => e.data.day,
    (e, doc) => doc.inc('total', e.data.amount).inc('count', 1),
  )
  .ignore('Opened', 'Tagged');

export const opened = (account: string, owner = 'ann'): Message => ({
  type: 'Opened',
  data: { account, owner },
});
export const deposited = (account: string, amount: number, day = '2026-12-06'): Message => ({
  type: 'Deposited',
  data: { account, amount, day },
});
