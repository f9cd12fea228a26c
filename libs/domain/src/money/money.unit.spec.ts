import {
  addMoney,
  assertCurrency,
  assertMinorUnits,
  assertPositiveMinorUnits,
  CURRENCY_CODES,
  isCurrencyCode,
  money,
  subtractMoney,
  ValidationError,
} from '@ledger/domain';

const MAX = Number.MAX_SAFE_INTEGER;

describe('minor units', () => {
  it.each([0, 1, 250, MAX])('accepts the whole non-negative number %p', (n) => {
    expect(() => assertMinorUnits(n, 'amount')).not.toThrow();
  });

  it.each([
    ['a float', 10.5],
    ['a negative', -1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['more than MAX_SAFE_INTEGER', MAX + 1],
    ['a numeric string', '100'],
    ['a bigint', 100n],
    ['null', null],
  ])('rejects %s with a field error naming the field', (_label, n) => {
    expect(() => assertMinorUnits(n, 'amount')).toThrow(ValidationError);
    try {
      assertMinorUnits(n, 'amount');
    } catch (error) {
      expect((error as ValidationError).fields).toEqual([{ field: 'amount', message: expect.any(String) }]);
      expect((error as ValidationError).code).toBe('validation');
    }
  });

  it('requires a positive amount where zero makes no sense', () => {
    expect(() => assertPositiveMinorUnits(0, 'amount')).toThrow(ValidationError);
    expect(() => assertPositiveMinorUnits(1, 'amount')).not.toThrow();
    expect(() => assertPositiveMinorUnits(-5, 'amount')).toThrow(ValidationError);
  });
});

describe('currency codes', () => {
  it.each(['EUR', 'USD', 'JPY', 'GBP', 'CHF', 'XCG'])('knows the active code %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(() => assertCurrency(code)).not.toThrow();
  });

  it.each(['eur', 'EURO', 'XYZ', 'HRK', 'XXX', '', 42, undefined])('rejects %p', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(() => assertCurrency(code)).toThrow(ValidationError);
  });

  it('lists each code once, as three capital letters', () => {
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect(CURRENCY_CODES.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
  });
});

describe('money', () => {
  it('builds a valid amount in a known currency', () => {
    expect(money(1_999, 'EUR')).toEqual({ amount: 1_999, currency: 'EUR' });
  });

  it.each([
    [0.1, 'EUR'],
    [-1, 'EUR'],
    [Number.NaN, 'EUR'],
    [Number.POSITIVE_INFINITY, 'EUR'],
    [MAX + 2, 'EUR'],
    [100, 'ABC'],
  ])('refuses %p %s', (amount, currency) => {
    expect(() => money(amount, currency)).toThrow(ValidationError);
  });

  it('adds and subtracts in the same currency, going negative for overdrafts', () => {
    expect(addMoney(money(100, 'EUR'), money(50, 'EUR'))).toEqual(money(150, 'EUR'));
    expect(subtractMoney(money(100, 'EUR'), money(150, 'EUR'))).toEqual({ amount: -50, currency: 'EUR' });
  });

  it('refuses to combine two currencies', () => {
    expect(() => addMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow(ValidationError);
    expect(() => subtractMoney(money(1, 'EUR'), money(1, 'USD'))).toThrow(ValidationError);
  });

  it('refuses a result past MAX_SAFE_INTEGER in either direction', () => {
    expect(() => addMoney(money(MAX, 'EUR'), money(1, 'EUR'))).toThrow(ValidationError);
    expect(() => subtractMoney({ amount: -MAX, currency: 'EUR' }, money(1, 'EUR'))).toThrow(ValidationError);
    expect(addMoney(money(MAX - 1, 'EUR'), money(1, 'EUR')).amount).toBe(MAX);
  });
});
