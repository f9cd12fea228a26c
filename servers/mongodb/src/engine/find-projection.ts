import type { Document } from 'bson';
import { Query } from 'mingo/query';
import { isPlainObject } from '../bson/bson-value.js';
import { cloneDocument } from './document-path.js';
import { clientError, MINGO_OPTIONS } from './mingo-query.js';

const projector = new Query({}, MINGO_OPTIONS);

/** `{ a: 1, b: 0 }`-style projections of top-level fields, which need no expression engine. */
function simpleFields(projection: Document): Map<string, boolean> | undefined {
  const fields = new Map<string, boolean>();
  for (const [k, v] of Object.entries(projection)) {
    if (k.includes('.') || k.startsWith('$') || (typeof v !== 'number' && typeof v !== 'boolean'))
      return undefined;
    fields.set(k, Boolean(v));
  }
  return fields;
}

function projectSimple(doc: Document, fields: Map<string, boolean>): Document {
  // `{ _id: 1 }` alone is an inclusion too: only _id comes back.
  const including =
    [...fields].some(([k, on]) => on && k !== '_id') || (fields.size === 1 && fields.get('_id') === true);
  const keepId = fields.get('_id') ?? true;
  const out: Document = {};
  for (const k in doc) {
    const keep = k === '_id' ? keepId : including ? fields.get(k) === true : fields.get(k) !== false;
    if (keep) out[k] = doc[k];
  }
  return out;
}

/** Puts the fields of `out` in the order the source document has them (MongoDB keeps that order). */
function inSourceOrder(out: unknown, source: unknown): unknown {
  if (!isPlainObject(out) || !isPlainObject(source)) return out;
  const ordered: Record<string, unknown> = {};
  for (const k in source) if (k in out) ordered[k] = inSourceOrder(out[k], source[k]);
  for (const k in out) if (!(k in ordered)) ordered[k] = out[k];
  return ordered;
}

/**
 * Applies a find projection. mingo edits nested objects of the documents it projects, so it
 * gets copies: the stored documents must never change outside a write.
 */
export function projectDocuments(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const fields = simpleFields(projection);
  if (fields) return docs.map((d) => projectSimple(d, fields));
  try {
    return projector
      .find<Document>(docs.map(cloneDocument), projection)
      .all()
      .map((out, i) => inSourceOrder(out, docs[i]) as Document);
  } catch (e) {
    throw clientError(e);
  }
}
