import { Decimal128, Double, Int32, Long } from 'bson';
import { compareNumbers, compareValues, idKey } from './bson-value.js';
import { arithmetic, averageNumbers, sumNumbers } from './numeric-arithmetic.js';
import { sameBson } from './same-bson.js';
import { asDouble, canonicalNumbers } from './wire-promotion.js';

const BIG = 2n ** 53n;

describe('BSON number types', () => {
  it('compares Longs beyond 2^53 exactly, against Longs and against doubles', () => {
    const a = Long.fromBigInt(BIG);
    const b = Long.fromBigInt(BIG + 1n);
    expect(compareNumbers(a, b)).toBe(-1);
    expect(compareNumbers(b, a)).toBe(1);
    expect(compareNumbers(b, 2 ** 53)).toBe(1);
    expect(compareNumbers(2 ** 53, b)).toBe(-1);
    expect(compareNumbers(a, 2 ** 53)).toBe(0);
    expect(compareNumbers(b, 2 ** 53 + 0.5)).toBe(1);
    expect(compareNumbers(Long.fromNumber(3), 3.5)).toBe(-1);
    expect(compareNumbers(Long.fromNumber(-3), -3.5)).toBe(1);
    expect(compareNumbers(b, Infinity)).toBe(-1);
    expect(compareNumbers(b, NaN)).toBe(1);
    expect(compareValues(new Double(2), 2)).toBe(0);
  });

  it('keeps a whole Double a Double and turns Int32 and fractional doubles into JS numbers', () => {
    const doc = canonicalNumbers({
      i: new Int32(2),
      d: new Double(2),
      f: new Double(2.5),
      big: new Double(2 ** 40),
      z: new Double(-0),
      l: Long.fromNumber(2),
      nested: [{ x: new Int32(1) }, new Double(3)],
    });
    expect(doc.i).toBe(2);
    expect(doc.d).toBeInstanceOf(Double);
    expect(doc.f).toBe(2.5);
    expect(doc.big).toBe(2 ** 40); // serialises as a double anyway
    expect(doc.z).toBeInstanceOf(Double);
    expect(doc.l).toBeInstanceOf(Long);
    expect(doc.nested).toEqual([{ x: 1 }, new Double(3)]);
    expect(asDouble(4)).toEqual(new Double(4));
    expect(asDouble(4.5)).toBe(4.5);
  });

  it('treats a type change as a change, and equal values of one type as the same', () => {
    expect(sameBson({ a: 2 }, { a: new Double(2) })).toBe(false);
    expect(sameBson({ a: new Double(2) }, { a: new Double(2) })).toBe(true);
    expect(sameBson({ a: Long.fromNumber(2) }, { a: 2 })).toBe(false);
    expect(sameBson({ a: Decimal128.fromString('1.0') }, { a: Decimal128.fromString('1.00') })).toBe(false);
    expect(sameBson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameBson({ a: [1, { b: new Date(5) }] }, { a: [1, { b: new Date(5) }] })).toBe(true);
  });

  it('keys the _id map without clashes between strings and other types', () => {
    const keys = ['x', '', '\u0000sx', 1, Long.fromNumber(1), null].map(idKey);
    expect(keys[0]).toBe('x');
    expect(new Set(keys).size).toBe(5); // 1 and Long 1 are the same _id, as in MongoDB
    expect(idKey('\u0000sx')).not.toBe(idKey('x'));
  });

  it('sums as MongoDB does: int stays int until it overflows, then long, then double; decimals exact', () => {
    const dec = (s: string) => Decimal128.fromString(s);
    expect(sumNumbers([1, 2])).toBe(3);
    expect(sumNumbers([2 ** 31 - 1, 1])).toEqual(Long.fromNumber(2 ** 31));
    expect(sumNumbers([Long.fromNumber(1), 2])).toEqual(Long.fromNumber(3));
    expect(sumNumbers([Long.MAX_VALUE, 1])).toBe(2 ** 63); // a double
    expect(sumNumbers([1, 0.5])).toBe(1.5);
    expect(sumNumbers([new Double(1), 1])).toEqual(new Double(2));
    expect(String(sumNumbers([dec('0.1'), dec('0.2')]))).toBe('0.3');
    expect(String(sumNumbers([dec('1.10'), 2, Long.fromNumber(3)]))).toBe('6.10');
    expect(String(sumNumbers([dec('1'), 0.1]))).toBe('1.100000000000000');
    expect(sumNumbers(['x', null, undefined])).toBe(0);
    expect(averageNumbers([1, 2])).toBe(1.5);
    expect(averageNumbers([2, 4])).toEqual(new Double(3));
    expect(averageNumbers([])).toBeNull();
    expect(String(averageNumbers([dec('1'), dec('2'), dec('0')]))).toBe('1');
    expect(String(averageNumbers([dec('1'), 0, 0]))).toBe('0.3333333333333333333333333333333333');
    expect(String(arithmetic('add', dec('0.10'), dec('0.20')))).toBe('0.30');
    expect(String(arithmetic('mul', dec('1.5'), 3))).toBe('4.5');
    expect(String(arithmetic('add', dec('NaN'), 1))).toBe('NaN');
  });
});
