import { diffStates } from './state-diff';

describe('what a step of time travel changed', () => {
  it('lists the fields that differ, nested ones by their path, in a stable order', () => {
    const before = { balance: 5_000, status: 'open', pendingDebits: { a: 1 }, recent: [['t', 'debited']] };
    const after = {
      balance: 3_500,
      status: 'open',
      pendingDebits: { a: 1, b: 2 },
      recent: [['t', 'debited']],
    };
    expect(diffStates(before, after)).toEqual([
      { path: 'balance', before: 5_000, after: 3_500 },
      { path: 'pendingDebits.b', before: undefined, after: 2 },
    ]);
  });

  it('shows a whole new state as one change from the initial one', () => {
    expect(diffStates(null, { balance: 0 })).toEqual([
      { path: '(state)', before: null, after: { balance: 0 } },
    ]);
    expect(diffStates({ a: [1] }, { a: [1] })).toEqual([]);
  });
});
