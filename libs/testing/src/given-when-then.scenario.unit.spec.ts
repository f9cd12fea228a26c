import { accountDecider, InsufficientFundsError, NotFoundError } from '@ledger/domain';
import { ACCOUNT_ID, aMoneyDeposited, anAccountOpened, given, NOW } from './index.js';

// The scenario helper must fail loudly when decide does not do what the test says.
describe('a given/when/then scenario', () => {
  const deposit = { type: 'DepositMoney', data: { accountId: ACCOUNT_ID, amount: 100, now: NOW } } as const;

  it('fails then() when other events come out', () => {
    expect(() =>
      given(accountDecider, [anAccountOpened()])
        .when(deposit)
        .then([aMoneyDeposited({ amount: 99 })]),
    ).toThrow();
  });

  it('fails thenNothing() when events come out', () => {
    expect(() => given(accountDecider, [anAccountOpened()]).when(deposit).thenNothing()).toThrow();
  });

  it('fails thenThrows() when nothing is thrown, naming the events produced', () => {
    expect(() => given(accountDecider, [anAccountOpened()]).when(deposit).thenThrows(NotFoundError)).toThrow(
      /expected NotFoundError to be thrown, decide returned .*MoneyDeposited/,
    );
  });

  it('fails thenThrows() on another error class or other fields', () => {
    expect(() => given(accountDecider).when(deposit).thenThrows(InsufficientFundsError)).toThrow();
    expect(() =>
      given(accountDecider).when(deposit).thenThrows(NotFoundError, { id: 'someone-else' }),
    ).toThrow();
  });

  it('folds the given events into the state decide sees', () => {
    given(accountDecider, [anAccountOpened()])
      .when(deposit)
      .then([aMoneyDeposited({ amount: 100, balanceAfter: 100 })]);
    given(accountDecider).when(deposit).thenThrows(NotFoundError, { id: ACCOUNT_ID });
  });
});
