import { validate, version } from 'uuid';
import { derivedIdFor, eventIdFor, requestHashOf } from './idempotency-ids.js';

describe('ids derived from an Idempotency-Key', () => {
  it('are UUID v5, the same for the same key and index', () => {
    const id = eventIdFor('key-1', 0);
    expect(validate(id) && version(id)).toBe(5);
    expect(eventIdFor('key-1', 0)).toBe(id);
  });

  it('differ by index and by key', () => {
    const ids = new Set([
      eventIdFor('key-1', 0),
      eventIdFor('key-1', 1),
      eventIdFor('key-2', 0),
      eventIdFor('key-10', 0),
    ]);
    expect(ids.size).toBe(4);
  });

  it('are random v4 without a key', () => {
    const [a, b] = [eventIdFor(undefined, 0), eventIdFor(undefined, 0)];
    expect(version(a)).toBe(4);
    expect(a).not.toBe(b);
  });

  it('separate what they are for: an account id is not the event id of the same key', () => {
    expect(derivedIdFor('k', 'accountId')).toBe(derivedIdFor('k', 'accountId'));
    expect(derivedIdFor('k', 'accountId')).not.toBe(derivedIdFor('k', 'transferId'));
    expect(version(derivedIdFor(undefined, 'accountId'))).toBe(4);
  });
});

describe('requestHashOf', () => {
  it('ignores key order and undefined fields', () => {
    expect(requestHashOf('DepositMoney', { amount: 5, accountId: 'a', reference: undefined })).toBe(
      requestHashOf('DepositMoney', { accountId: 'a', amount: 5 }),
    );
  });

  it('changes with any value and with the command type', () => {
    const base = requestHashOf('DepositMoney', { accountId: 'a', amount: 5 });
    expect(requestHashOf('DepositMoney', { accountId: 'a', amount: 6 })).not.toBe(base);
    expect(requestHashOf('WithdrawMoney', { accountId: 'a', amount: 5 })).not.toBe(base);
    expect(requestHashOf('DepositMoney', { accountId: 'a', amount: '5' })).not.toBe(base);
  });
});
