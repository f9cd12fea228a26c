import fc from 'fast-check';
import { accountDecider, DomainError, type AccountCommand, type AccountState } from '@ledger/domain';
import { ACCOUNT_ID, NOW, OTHER_ACCOUNT_ID, OWNER_ID } from '@ledger/testing';

const id = ACCOUNT_ID;
const transferId = fc.constantFrom('t1', 't2', 't3', 't4');
// Small amounts and limits are over-weighted so balances land exactly on the limit often.
const amount = fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 20_000 }));
const overdraftLimit = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10_000 }));

// Every account command but OpenAccount, with a small pool of transfer ids so repeats happen.
const accountCommand: fc.Arbitrary<AccountCommand> = fc.oneof(
  amount.map((a) => ({ type: 'DepositMoney', data: { accountId: id, amount: a, now: NOW } }) as const),
  amount.map((a) => ({ type: 'WithdrawMoney', data: { accountId: id, amount: a, now: NOW } }) as const),
  fc.constant({ type: 'FreezeAccount', data: { accountId: id, now: NOW } } as const),
  fc.constant({ type: 'UnfreezeAccount', data: { accountId: id, now: NOW } } as const),
  fc.constant({ type: 'CloseAccount', data: { accountId: id, now: NOW } } as const),
  fc.tuple(transferId, amount).map(
    ([t, a]) =>
      ({
        type: 'DebitAccountForTransfer',
        data: {
          accountId: id,
          transferId: t,
          toAccountId: OTHER_ACCOUNT_ID,
          amount: a,
          currency: 'EUR',
          now: NOW,
        },
      }) as const,
  ),
  fc.tuple(transferId, amount, fc.constantFrom('EUR', 'USD')).map(
    ([t, a, currency]) =>
      ({
        type: 'CreditAccountForTransfer',
        data: {
          accountId: id,
          transferId: t,
          fromAccountId: OTHER_ACCOUNT_ID,
          amount: a,
          currency,
          now: NOW,
        },
      }) as const,
  ),
  transferId.map(
    (t) =>
      ({ type: 'RefundTransfer', data: { accountId: id, transferId: t, reason: 'test', now: NOW } }) as const,
  ),
  transferId.map(
    (t) => ({ type: 'SettleTransferDebit', data: { accountId: id, transferId: t, now: NOW } }) as const,
  ),
);

/** Applies a command as the command API would: a refused command leaves the state as it was. */
const apply = (state: AccountState, command: AccountCommand): AccountState => {
  try {
    return accountDecider.decide(command, state).reduce(accountDecider.evolve, state);
  } catch (error) {
    if (error instanceof DomainError) return state;
    throw error;
  }
};

const openedWith = (overdraftLimit: number): AccountState =>
  apply(accountDecider.initialState(), {
    type: 'OpenAccount',
    data: { accountId: id, ownerId: OWNER_ID, currency: 'EUR', overdraftLimit, now: NOW },
  });

describe('an account under any sequence of commands', () => {
  it('never goes below −overdraftLimit', () => {
    fc.assert(
      fc.property(overdraftLimit, fc.array(accountCommand, { maxLength: 60 }), (limit, commands) => {
        let state = openedWith(limit);
        for (const command of commands) {
          state = apply(state, command);
          expect(Number.isSafeInteger(state.balance)).toBe(true);
          expect(state.balance).toBeGreaterThanOrEqual(-limit);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is closed only with balance 0 and nothing unsettled on it', () => {
    fc.assert(
      fc.property(overdraftLimit, fc.array(accountCommand, { maxLength: 60 }), (limit, commands) => {
        let state = openedWith(limit);
        for (const command of commands) {
          state = apply(state, command);
          if (state.status !== 'closed') continue;
          expect(state.balance).toBe(0);
          expect(state.pendingDebits).toEqual({});
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does nothing when a transfer step is repeated', () => {
    const transferStep = accountCommand.filter(
      (c) =>
        c.type === 'DebitAccountForTransfer' ||
        c.type === 'CreditAccountForTransfer' ||
        c.type === 'SettleTransferDebit' ||
        c.type === 'RefundTransfer',
    );
    fc.assert(
      fc.property(fc.array(accountCommand, { maxLength: 40 }), transferStep, (history, step) => {
        const before = history.reduce(apply, openedWith(5_000));
        let first;
        try {
          first = accountDecider.decide(step, before);
        } catch {
          return; // refused outright (e.g. a refund of nothing): there is nothing to repeat
        }
        const after = first.reduce(accountDecider.evolve, before);
        expect(accountDecider.decide(step, after)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
