import type { Document } from 'bson';
import { isPlainObject } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';

/** A collation as MongoDB reports it, every field filled in (listIndexes shows it so). */
export interface CollationSpec {
  locale: string;
  caseLevel: boolean;
  caseFirst: 'upper' | 'lower' | 'off';
  strength: number;
  numericOrdering: boolean;
  alternate: 'non-ignorable' | 'shifted';
  maxVariable: 'punct' | 'space';
  normalization: boolean;
  backwards: boolean;
  version: string;
}

const FIELDS = new Set([
  'locale',
  'caseLevel',
  'caseFirst',
  'strength',
  'numericOrdering',
  'alternate',
  'maxVariable',
  'normalization',
  'backwards',
  'version',
]);

const bad = (message: string) => new MongoCommandError('BadValue', message);

/**
 * Reads a command's or an index's `collation`; undefined for none or `{ locale: 'simple' }`
 * (binary comparison). MongoDB's locales are ICU's (`en_US`); Node's full ICU knows them.
 */
export function parseCollation(raw: unknown): CollationSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isPlainObject(raw))
    throw new MongoCommandError(
      'TypeMismatch',
      "BSON field 'collation' is the wrong type, expected type 'object'",
    );
  for (const k of Object.keys(raw)) if (!FIELDS.has(k)) throw bad(`Unknown field in collation: ${k}`);
  if (typeof raw.locale !== 'string') throw bad("Missing required field 'locale' in collation");
  if (raw.locale === 'simple') return undefined;
  const locale = raw.locale.replace(/_/g, '-').split('@')[0];
  if (Intl.Collator.supportedLocalesOf([locale]).length === 0)
    throw bad(`Field 'locale' is invalid in: { locale: "${raw.locale}" }`);
  const strength = raw.strength === undefined ? 3 : Number(raw.strength);
  if (![1, 2, 3, 4, 5].includes(strength)) throw bad('collation strength must be an integer from 1 to 5');
  const caseFirst = String(raw.caseFirst ?? 'off');
  if (!['upper', 'lower', 'off'].includes(caseFirst))
    throw bad(`collation caseFirst must be 'upper', 'lower' or 'off'`);
  const alternate = String(raw.alternate ?? 'non-ignorable');
  if (!['non-ignorable', 'shifted'].includes(alternate))
    throw bad(`collation alternate must be 'non-ignorable' or 'shifted'`);
  const maxVariable = String(raw.maxVariable ?? 'punct');
  if (!['punct', 'space'].includes(maxVariable))
    throw bad(`collation maxVariable must be 'punct' or 'space'`);
  return {
    locale: raw.locale,
    caseLevel: raw.caseLevel === true,
    caseFirst: caseFirst as CollationSpec['caseFirst'],
    strength,
    numericOrdering: raw.numericOrdering === true,
    alternate: alternate as CollationSpec['alternate'],
    maxVariable: maxVariable as CollationSpec['maxVariable'],
    normalization: raw.normalization === true,
    backwards: raw.backwards === true,
    version: '57.1',
  };
}

export const collationKey = (spec: CollationSpec | undefined): string =>
  spec
    ? `${spec.locale}/${spec.strength}/${+spec.caseLevel}/${spec.caseFirst}/${+spec.numericOrdering}/${spec.alternate}`
    : '';

export const sameCollation = (a: CollationSpec | undefined, b: CollationSpec | undefined): boolean =>
  collationKey(a) === collationKey(b);

const collators = new Map<string, Intl.Collator>();

/**
 * The `Intl.Collator` (ICU) for a collation: strength 1 compares base letters (caseLevel adds
 * case), 2 adds accents, 3 and above case too; numericOrdering compares digit runs as numbers;
 * alternate shifted ignores punctuation and spaces. Cached: few distinct collations exist.
 */
export function collatorFor(spec: CollationSpec | Document | undefined): Intl.Collator | undefined {
  if (!spec || typeof spec.locale !== 'string' || spec.locale === 'simple') return undefined;
  const s = spec as CollationSpec;
  const key = collationKey(s);
  let collator = collators.get(key);
  if (!collator) {
    const sensitivity =
      s.strength === 1
        ? s.caseLevel
          ? 'case'
          : 'base'
        : s.strength === 2
          ? s.caseLevel
            ? 'variant'
            : 'accent'
          : 'variant';
    collator = new Intl.Collator(s.locale.replace(/_/g, '-').split('@')[0], {
      sensitivity,
      numeric: s.numericOrdering,
      caseFirst: s.caseFirst === 'off' ? 'false' : s.caseFirst,
      ignorePunctuation: s.alternate === 'shifted',
      usage: 'sort',
    });
    if (collators.size > 100) collators.clear();
    collators.set(key, collator);
  }
  return collator;
}

/**
 * A string's key in an index with this collation: equal for strings the collation makes equal
 * in the common cases (case and accents folded by strength, punctuation dropped when shifted,
 * digit runs without leading zeros when numeric). Index lookups themselves use the collator;
 * this key only serves unique constraints.
 */
export function collationKeyOf(s: string, spec: CollationSpec): string {
  let key = s.normalize('NFC');
  if (spec.alternate === 'shifted') key = key.replace(/[\p{P}\p{Z}\s]/gu, '');
  if (spec.numericOrdering) key = key.replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ''));
  if (spec.strength <= 2 && !spec.caseLevel) key = key.toLocaleLowerCase(spec.locale.replace(/_/g, '-'));
  if (spec.strength === 1) key = key.normalize('NFD').replace(/\p{M}/gu, '');
  return key;
}
