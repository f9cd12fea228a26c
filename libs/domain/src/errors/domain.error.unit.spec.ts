import {
  AlreadyExistsError,
  ConcurrencyError,
  DomainError,
  IllegalStateError,
  InsufficientFundsError,
  NotFoundError,
  ValidationError,
} from '@ledger/domain';

describe('domain errors', () => {
  it.each([
    [new ValidationError('bad', [{ field: 'amount', message: 'bad' }]), 'ValidationError', 'validation'],
    [new NotFoundError('account', 'a1'), 'NotFoundError', 'not-found'],
    [new AlreadyExistsError('transfer', 't1'), 'AlreadyExistsError', 'already-exists'],
    [new IllegalStateError('frozen', 'account-frozen'), 'IllegalStateError', 'illegal-state'],
    [new InsufficientFundsError('a1', 10, 20, 5), 'InsufficientFundsError', 'insufficient-funds'],
    [new ConcurrencyError('account-a1', 3n, 4n), 'ConcurrencyError', 'concurrency'],
  ])('%s is a DomainError named after its class with its code', (error, name, code) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).not.toBe('');
  });

  it('keeps the details the HTTP layer reports', () => {
    expect(new NotFoundError('account', 'a1')).toMatchObject({ streamType: 'account', id: 'a1' });
    expect(new IllegalStateError('closed', 'account-closed').reason).toBe('account-closed');
    expect(new InsufficientFundsError('a1', 10, 20, 5)).toMatchObject({
      accountId: 'a1',
      balance: 10,
      amount: 20,
      overdraftLimit: 5,
    });
    expect(new ConcurrencyError('account-a1', 'no_stream', 0n)).toMatchObject({
      streamName: 'account-a1',
      expectedRevision: 'no_stream',
      actualRevision: 0n,
    });
  });
});
