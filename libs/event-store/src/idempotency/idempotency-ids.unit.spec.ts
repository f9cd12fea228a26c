import { validate, version } from 'uuid';
import { derivedIdFor, eventIdFor, requestHashOf } from './idempotency-ids.js';

describe('ids derived from an Idempotency-Key', () => {
  const keyed = (idempotencyKey: string, requestHash = 'h1') => ({ idempotencyKey, requestHash });

  it('are UUID v5, the same for the same key, request and index', () => {
    const id = eventIdFor(keyed('key-1'), 0);
    expect(validate(id) && version(id)).toBe(5);
    expect(eventIdFor(keyed('key-1'), 0)).toBe(id);
  });

  it('differ by index, by key and by request, so a reused key is never taken for a retry', () => {
    const ids = new Set([
      eventIdFor(keyed('key-1'), 0),
      eventIdFor(keyed('key-1'), 1),
      eventIdFor(keyed('key-2'), 0),
      eventIdFor(keyed('key-10'), 0),
      eventIdFor(keyed('key-1', 'h2'), 0),
      eventIdFor({ idempotencyKey: 'key-1' }, 0),
    ]);
    expect(ids.size).toBe(6);
  });

  it('keep the key, the request and the index apart, whatever characters the key holds', () => {
    expect(eventIdFor(keyed('k:h', 'x'), 0)).not.toBe(eventIdFor(keyed('k', 'h:x'), 0));
    expect(eventIdFor({ idempotencyKey: 'k:1' }, 0)).not.toBe(eventIdFor({ idempotencyKey: 'k' }, 10));
  });

  it('are random v4 without a key', () => {
    const [a, b] = [eventIdFor({}, 0), eventIdFor({}, 0)];
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
