import { Decimal128, Long } from 'bson';
import { compareValues, indexKey } from './bson-value.js';
import { exactDecimalOfDouble, isExactDouble } from './decimal-arithmetic.js';
import { toQueryView } from './query-view.normaliser.js';

const dec = (s: string) => Decimal128.fromString(s);

describe('Decimal128 compared at full precision', () => {
  it('tells a double from the decimal of its digits; decimals of any scale are equal when their values are', () => {
    expect(compareValues(dec('9.99'), 9.99)).not.toBe(0);
    expect(compareValues(dec('9.990'), dec('9.99'))).toBe(0);
    expect(compareValues(dec('0.5'), 0.5)).toBe(0);
    expect(compareValues(dec('2'), Long.fromNumber(2))).toBe(0);
  });

  it('orders decimals that differ only in the 34th digit', () => {
    expect(
      compareValues(dec('1.000000000000000000000000000000001'), dec('1.000000000000000000000000000000002')),
    ).toBe(-1);
  });

  it('sorts NaN below every number and infinities at the ends', () => {
    expect(compareValues(dec('NaN'), -Infinity)).toBe(-1);
    expect(compareValues(dec('-Infinity'), -1e308)).toBeLessThan(0);
    expect(compareValues(dec('Infinity'), Long.MAX_VALUE)).toBeGreaterThan(0);
  });

  it('keys index entries so that only equal values share a key', () => {
    expect(indexKey(dec('9.990'))).toBe(indexKey(dec('9.99')));
    expect(indexKey(dec('9.99'))).not.toBe(indexKey(9.99));
    expect(indexKey(dec('0.5'))).toBe(indexKey(0.5));
  });

  it('keeps a decimal in query views only when no double holds it exactly', () => {
    expect(isExactDouble(dec('0.25'))).toBe(true);
    expect(isExactDouble(dec('0.1'))).toBe(false);
    expect(toQueryView(dec('0.25'))).toBe(0.25);
    expect(toQueryView(dec('0.1'))).toEqual(dec('0.1'));
    expect(exactDecimalOfDouble(0.1)).toEqual({
      coefficient: 1000000000000000055511151231257827021181583404541015625n,
      exponent: -55,
    });
  });
});
