import type { Document } from 'bson';
import { isPlainObject } from '../bson/bson-value.js';
import { toQueryView } from '../bson/query-view.normaliser.js';
import { MongoCommandError } from '../command-error.js';
import { getPath } from './document-path.js';
import { compileQuery } from './mingo-query.js';

const POSITIONAL = /\.\$(?=\.|$)/;

export const hasPositional = (path: string): boolean => path.includes('$') && POSITIONAL.test(path);

/**
 * Rewrites `items.$.qty` to `items.<i>.qty`, where i is the first element of `items` that the
 * filter's conditions on `items` match (as MongoDB's positional operator does).
 */
export function resolvePositional(doc: Document, path: string, filter: Document): string {
  const at = path.search(POSITIONAL);
  const arrayPath = path.slice(0, at);
  const array = getPath(doc, arrayPath);
  const tests = elementTests(arrayPath, filter);
  const index =
    Array.isArray(array) && tests.length > 0 ? array.findIndex((el) => tests.every((t) => t(el))) : -1;
  if (index < 0) {
    throw new MongoCommandError(
      'BadValue',
      'The positional operator did not find the match needed from the query.',
    );
  }
  return `${arrayPath}.${index}${path.slice(at + 2)}`;
}

function elementTests(arrayPath: string, filter: Document): ((el: unknown) => boolean)[] {
  const tests: ((el: unknown) => boolean)[] = [];
  const visit = (f: Document) => {
    for (const [key, cond] of Object.entries(f)) {
      if (key === '$and' && Array.isArray(cond)) cond.forEach((sub) => isPlainObject(sub) && visit(sub));
      else if (key === arrayPath) tests.push(wholeElementTest(cond));
      else if (key.startsWith(arrayPath + '.')) {
        const q = compileQuery(toQueryView({ [key.slice(arrayPath.length + 1)]: cond }));
        tests.push((el) => q.test(toQueryView(el) as Document));
      }
    }
  };
  visit(filter);
  return tests;
}

function wholeElementTest(cond: unknown): (el: unknown) => boolean {
  const elemMatch = isPlainObject(cond) && isPlainObject(cond.$elemMatch) ? cond.$elemMatch : undefined;
  const q = compileQuery(toQueryView(elemMatch ? elemMatch : { v: cond }));
  return elemMatch ? (el) => q.test(toQueryView(el) as Document) : (el) => q.test({ v: toQueryView(el) });
}

const ALL_POSITIONAL = /^\$\[(\w*)\]$/;

export const hasArrayFilterPath = (path: string): boolean =>
  path.includes('$[') && path.split('.').some((p) => ALL_POSITIONAL.test(p));

/**
 * Expands `a.$[].b` and `a.$[x].b` into the concrete paths (`a.0.b`, `a.2.b`) of the elements
 * they select, so every operator applies to real paths with BSON types intact.
 */
export function expandArrayFilters(doc: Document, path: string, arrayFilters: Document[]): string[] {
  const parts = path.split('.');
  const expand = (i: number, prefix: string): string[] => {
    if (i === parts.length) return [prefix];
    const m = ALL_POSITIONAL.exec(parts[i]);
    const join = (p: string) => (prefix === '' ? p : `${prefix}.${p}`);
    if (!m) return expand(i + 1, join(parts[i]));
    const array = getPath(doc, prefix);
    if (!Array.isArray(array)) {
      throw new MongoCommandError(
        'BadValue',
        `The path '${prefix}' must exist in the document in order to apply array updates.`,
      );
    }
    const test = m[1] === '' ? () => true : identifierTest(m[1], arrayFilters);
    return array.flatMap((el, k) => (test(el) ? expand(i + 1, join(String(k))) : []));
  };
  return expand(0, '');
}

function identifierTest(id: string, arrayFilters: Document[]): (el: unknown) => boolean {
  const tests = arrayFilters.flatMap((f) => elementTests(id, f));
  if (tests.length === 0) {
    throw new MongoCommandError('BadValue', `No array filter found for identifier '${id}' in path`);
  }
  return (el) => tests.every((t) => t(el));
}
