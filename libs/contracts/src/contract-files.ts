import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { buildAsyncApiDocument } from './asyncapi.document.js';
import { publishedSchemas } from './published-schemas.js';
import { frozenSchemaMessage, schemaChanges } from './schema-lock.js';

/** contracts/ at the repository root. */
export const CONTRACTS_DIR = new URL('../../../contracts/', import.meta.url).pathname;

export type ContractFilesPlan = {
  /** Files to (re)write: a new version's schema, or a catalogue that is out of date. */
  writes: { file: string; json: unknown }[];
  /** Published schemas that changed or vanished: nothing may be written until they are put back. */
  frozen: string[];
};

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/**
 * Compares what the code defines with what is committed under `dir`. Content is compared as
 * JSON, so reformatting a file is no change. Both `npm run contracts` and the tests use it.
 */
export function planContractFiles(dir = CONTRACTS_DIR): ContractFilesPlan {
  const plan: ContractFilesPlan = { writes: [], frozen: [] };
  const schemasDir = join(dir, 'schemas');
  const schemas = publishedSchemas();
  for (const { name, schema } of schemas) {
    const file = join(schemasDir, `${name}.json`);
    if (!existsSync(file)) {
      plan.writes.push({ file, json: schema });
      continue;
    }
    const lockedSchema = readJson(file);
    const open = schema.additionalProperties !== false;
    const changes = schemaChanges(lockedSchema, schema, { allowNewOptionalProperties: open });
    if (changes.length > 0) plan.frozen.push(frozenSchemaMessage(name, changes));
    else if (!isDeepStrictEqual(lockedSchema, schema)) plan.writes.push({ file, json: schema });
  }
  const defined = new Set(schemas.map((s) => `${s.name}.json`));
  const locked = existsSync(schemasDir) ? readdirSync(schemasDir).filter((f) => f.endsWith('.json')) : [];
  for (const file of locked.filter((f) => !defined.has(f))) {
    plan.frozen.push(
      `${file.replace(/\.json$/, '')} is published but no longer defined: stored events of it would become ` +
        'unreadable. Put its schema back in libs/domain (upcasting/event-schemas.ts).',
    );
  }
  const catalogue = join(dir, 'asyncapi.json');
  const document = buildAsyncApiDocument();
  if (!existsSync(catalogue) || !isDeepStrictEqual(readJson(catalogue), document)) {
    plan.writes.push({ file: catalogue, json: document });
  }
  return plan;
}

export function writeContractFiles(plan: ContractFilesPlan): void {
  for (const { file, json } of plan.writes) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
}
