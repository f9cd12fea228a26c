import {
  accountsProjection,
  dailyTotalsProjection,
  deposited,
  opened,
} from '../testing/ledger-like.projections.js';
import { projectInMemory } from './in-memory-projection.js';

describe('a projection in memory (given events → then documents)', () => {
  it('applies each intent as MongoDB would', () => {
    const docs = projectInMemory(accountsProjection, [
      opened('a', 'ann'),
      deposited('a', 100),
      { type: 'Tagged', data: { account: 'a', tag: 'vip' } },
      { type: 'Tagged', data: { account: 'a', tag: 'vip' } },
      opened('a', 'bob'), // setOnInsert keeps the first owner; set resets the balance
    ] as never);
    expect(docs.get('a')).toEqual({
      _id: 'a',
      owner: 'ann',
      balance: 0,
      tags: [],
      deposits: 1,
      position: 5n,
    });
  });

  it('adds up a day fed by many streams', () => {
    const docs = projectInMemory(dailyTotalsProjection, [
      deposited('a', 1),
      deposited('b', 2),
      deposited('c', 3, '2026-12-07'),
    ] as never);
    expect([...docs.values()].map(({ position: _p, ...doc }) => doc)).toEqual([
      { _id: '2026-12-06', total: 3, count: 2 },
      { _id: '2026-12-07', total: 3, count: 1 },
    ]);
  });
});
