import { errorCodes } from 'fastify';
import type { FieldError } from '../problem-details/problem-details.js';
import { RequestValidationException } from './request-validation.exception.js';

/** Deeper than any DTO needs; class-transformer recurses once per level and overflowed at ~5,000. */
export const MAX_JSON_DEPTH = 32;

export class NestingTooDeepError extends Error {
  override readonly name = 'NestingTooDeepError';
  constructor(readonly maxDepth: number) {
    super(`The request body is nested deeper than ${maxDepth} levels.`);
  }
}

/**
 * The JSON body parser of every app: JSON.parse (itself not recursive), then one iterative walk
 * that refuses bodies nested deeper than maxDepth before any transformation sees them, and keys
 * that could reach a prototype (`__proto__`, `constructor.prototype`), as Fastify's own parser
 * does, but naming the field instead of calling the body malformed.
 */
export function parseJsonBody(body: Buffer | string, maxDepth = MAX_JSON_DEPTH): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.length === 0) throw new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY();
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
  }
  const forbidden = forbiddenFields(value, maxDepth);
  if (forbidden.length > 0) throw new RequestValidationException(forbidden);
  return value;
}

type Pending = { value: object; depth: number; path: string };

function forbiddenFields(root: unknown, maxDepth: number): FieldError[] {
  const forbidden: FieldError[] = [];
  const pending: Pending[] = isContainer(root) ? [{ value: root, depth: 1, path: '' }] : [];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.depth > maxDepth) throw new NestingTooDeepError(maxDepth);
    for (const [key, child] of Object.entries(next.value)) {
      const field = next.path === '' ? key : `${next.path}.${key}`;
      if (
        key === '__proto__' ||
        (key === 'constructor' && isContainer(child) && Object.hasOwn(child, 'prototype'))
      ) {
        forbidden.push({ field, message: `property ${key} should not exist` });
      }
      if (isContainer(child)) pending.push({ value: child, depth: next.depth + 1, path: field });
    }
  }
  return forbidden;
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
