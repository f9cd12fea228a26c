import type { Document } from 'bson';
import { EMPTY_ARRAY_KEY, isPlainObject } from '../bson/bson-value.js';
import { MongoCommandError } from '../command-error.js';
import { describeValue } from '../bson/value-description.js';

/** The value at a dotted path, without fanning out over arrays (numeric parts index them). */
export function getPath(doc: unknown, path: string): unknown {
  if (!path.includes('.')) {
    return doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[path] : undefined;
  }
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Every value a dotted path reaches, descending into arrays the way a multikey index does;
 * an array at the end contributes its elements (an empty one EMPTY_ARRAY_KEY); undefined
 * stands for a missing field.
 */
export function getIndexValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(cur: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(cur)) {
      if (cur.length === 0) out.push(EMPTY_ARRAY_KEY);
      else out.push(...cur);
    } else out.push(cur);
    return;
  }
  if (Array.isArray(cur)) {
    if (/^\d+$/.test(parts[i])) return collect(cur[Number(parts[i])], parts, i + 1, out);
    for (const el of cur) collect(el, parts, i, out);
    return;
  }
  if (cur === null || typeof cur !== 'object') {
    if (i > 0) out.push(undefined);
    return;
  }
  collect((cur as Record<string, unknown>)[parts[i]], parts, i + 1, out);
}

/** Sets a dotted path, creating objects on the way; a scalar on the way is MongoDB's PathNotViable. */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Record<string, unknown> | unknown[] = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) {
        throw new MongoCommandError(
          'PathNotViable',
          `Cannot create field '${part}' in element {${parts[i - 1]}: ${describeValue(cur)}}`,
        );
      }
      const idx = Number(part);
      while (cur.length < idx) cur.push(null);
      if (last) cur[idx] = value;
      else cur = descend(cur, idx, parts, i);
    } else if (last) {
      cur[part] = value;
    } else {
      cur = descend(cur, part, parts, i);
    }
  }
}

function descend(
  container: Record<string, unknown> | unknown[],
  key: string | number,
  parts: string[],
  i: number,
) {
  const next = (container as Record<string | number, unknown>)[key];
  if (next === undefined) {
    const created = {};
    (container as Record<string | number, unknown>)[key] = created;
    return created;
  }
  if (Array.isArray(next) || isPlainObject(next)) return next as Record<string, unknown> | unknown[];
  throw new MongoCommandError(
    'PathNotViable',
    `Cannot create field '${parts[i + 1]}' in element {${parts[i]}: ${describeValue(next)}}`,
  );
}

/** Removes a dotted path; inside an array the element becomes null, as in MongoDB. */
export function unsetPath(doc: Document, path: string): boolean {
  const parts = path.split('.');
  const parent = getPath(doc, parts.slice(0, -1).join('.'));
  const container = parts.length === 1 ? doc : parent;
  const key = parts[parts.length - 1];
  if (container === null || typeof container !== 'object') return false;
  if (Array.isArray(container)) {
    if (!/^\d+$/.test(key) || Number(key) >= container.length) return false;
    container[Number(key)] = null;
    return true;
  }
  if (!isPlainObject(container) || !(key in container)) return false;
  delete container[key];
  return true;
}

/** Deep copy of plain objects and arrays; BSON value objects are immutable and shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k in value) out[k] = cloneDocument(value[k]);
    return out as T;
  }
  return value;
}
