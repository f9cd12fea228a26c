import { Decimal128 } from 'bson';

/** A finite decimal as `coefficient × 10^exponent`, or one of the special values. */
export type DecimalValue =
  { coefficient: bigint; exponent: number } | { special: 'NaN' | 'Infinity' | '-Infinity' };

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d*))?(?:E([+-]?\d+))?$/i;

/** The exact value of a Decimal128 (read from its canonical text). */
export function decimalValue(d: Decimal128): DecimalValue {
  const text = d.toString();
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return { special: text };
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return { special: 'NaN' };
  const fraction = m[3] ?? '';
  const digits = BigInt(m[2] + fraction);
  return { coefficient: m[1] === '-' ? -digits : digits, exponent: Number(m[4] ?? 0) - fraction.length };
}

/**
 * A double as MongoDB turns it into a decimal for arithmetic: rounded to 15 significant digits,
 * so 0.1 becomes 0.100000000000000 rather than 0.1000000000000000055511151231257827.
 */
export function decimalOfDouble(n: number): DecimalValue {
  if (Number.isNaN(n)) return { special: 'NaN' };
  if (!Number.isFinite(n)) return { special: n > 0 ? 'Infinity' : '-Infinity' };
  return decimalValue(Decimal128.fromString(n.toPrecision(15).replace('e', 'E')));
}

export const decimalOfInteger = (n: bigint): DecimalValue => ({ coefficient: n, exponent: 0 });

const isSpecial = (v: DecimalValue): v is { special: 'NaN' | 'Infinity' | '-Infinity' } => 'special' in v;
const pow10 = (n: number): bigint => 10n ** BigInt(n);

export function addDecimals(a: DecimalValue, b: DecimalValue): DecimalValue {
  if (isSpecial(a) || isSpecial(b)) {
    const specials = [a, b].filter(isSpecial).map((v) => v.special);
    if (specials.includes('NaN')) return { special: 'NaN' };
    if (specials.includes('Infinity') && specials.includes('-Infinity')) return { special: 'NaN' };
    return { special: specials[0] };
  }
  const exponent = Math.min(a.exponent, b.exponent);
  return {
    coefficient: a.coefficient * pow10(a.exponent - exponent) + b.coefficient * pow10(b.exponent - exponent),
    exponent,
  };
}

export function multiplyDecimals(a: DecimalValue, b: DecimalValue): DecimalValue {
  if (isSpecial(a) || isSpecial(b)) {
    if ((isSpecial(a) && a.special === 'NaN') || (isSpecial(b) && b.special === 'NaN'))
      return { special: 'NaN' };
    const sign = (v: DecimalValue) =>
      isSpecial(v)
        ? v.special === '-Infinity'
          ? -1
          : 1
        : v.coefficient < 0n
          ? -1
          : v.coefficient > 0n
            ? 1
            : 0;
    const s = sign(a) * sign(b);
    return s === 0 ? { special: 'NaN' } : { special: s > 0 ? 'Infinity' : '-Infinity' };
  }
  return { coefficient: a.coefficient * b.coefficient, exponent: a.exponent + b.exponent };
}

/** `a / n` as IEEE 754 decimal division does it: exact when it can be, else 34 significant digits. */
export function divideDecimal(a: DecimalValue, n: number): DecimalValue {
  if (isSpecial(a)) return a;
  const divisor = BigInt(n);
  for (let scale = 0; scale <= 40; scale++) {
    const scaled = a.coefficient * pow10(scale);
    if (scaled % divisor === 0n || scale === 40)
      return { coefficient: scaled / divisor, exponent: a.exponent - scale };
  }
  return a; // not reached
}

/** A Decimal128 holding the value, rounded half-even to 34 digits when it has more. */
export function toDecimal128(v: DecimalValue): Decimal128 {
  if (isSpecial(v)) return Decimal128.fromString(v.special);
  const exponent = v.exponent >= 0 ? `+${v.exponent}` : String(v.exponent);
  return Decimal128.fromStringWithRounding(`${v.coefficient}E${exponent}`);
}

/** The exact value of a double (every finite double is a finite decimal): no rounding at all. */
export function exactDecimalOfDouble(n: number): DecimalValue {
  if (Number.isNaN(n)) return { special: 'NaN' };
  if (!Number.isFinite(n)) return { special: n > 0 ? 'Infinity' : '-Infinity' };
  if (Number.isInteger(n)) return { coefficient: BigInt(n), exponent: 0 };
  // n = m × 2^e with m whole (doubling is exact), and 2^e = 5^-e × 10^e.
  let m = n;
  let e = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return { coefficient: BigInt(m) * 5n ** BigInt(-e), exponent: e };
}

const specialRank = (v: DecimalValue): number =>
  !isSpecial(v) ? 0 : v.special === '-Infinity' ? -1 : v.special === 'Infinity' ? 1 : NaN;

/** Orders two decimals exactly (NaN is the caller's: here it compares as NaN). */
export function compareDecimals(a: DecimalValue, b: DecimalValue): number {
  if (isSpecial(a) || isSpecial(b)) return specialRank(a) - specialRank(b);
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.coefficient * pow10(a.exponent - exponent);
  const y = b.coefficient * pow10(b.exponent - exponent);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A finite decimal without trailing zeros, so equal values have one text (index keys). */
export function normalisedDecimalText(v: DecimalValue): string {
  if (isSpecial(v)) return v.special;
  let { coefficient, exponent } = v;
  if (coefficient === 0n) return '0';
  while (coefficient % 10n === 0n) {
    coefficient /= 10n;
    exponent++;
  }
  return `${coefficient}E${exponent}`;
}

/** True when a Decimal128 holds exactly the value of a double (0.5 does; 0.1 and 9.99 do not). */
export function isExactDouble(d: Decimal128): boolean {
  const value = decimalValue(d);
  if (isSpecial(value)) return true;
  return compareDecimals(value, exactDecimalOfDouble(Number(d.toString()))) === 0;
}
