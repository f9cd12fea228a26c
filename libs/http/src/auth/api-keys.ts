import { createHash } from 'node:crypto';

export const ROLES = ['client', 'analyst', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/** One key as configured: its role, the principal it names, its SHA-256 and the owners it is bound to. */
export type ApiKeyEntry = { role: Role; name: string; sha256: string; owners?: string[] };

export class InvalidApiKeysError extends Error {
  override readonly name = 'InvalidApiKeysError';
}

const NAME_FORMAT = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const DIGEST_FORMAT = /^sha256:([0-9a-fA-F]{64})$/;
const UUID_FORMAT = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Parses `API_KEYS`, a JSON object of role → keys, in any of these forms:
 * - a key or a list of keys: `{"client": ["k1"]}` (principals `api-key:client:0`, …; the launcher's file);
 * - named principals: `{"client": {"acme-web": "k1", "acme-batch": ["k2", "k2-next"]}}`, where two
 *   keys of one name are one principal (rotation), and the name is the events' `actor`;
 * - a principal bound to owners: `{"client": {"acme": {"key": "k3", "owners": ["<uuid>"]}}}`
 *   (or `"keys": [...]`).
 * Any key may be given as `sha256:<hex>`, its digest, so configuration need hold no secret.
 * Messages never repeat a key.
 */
export function parseApiKeys(json: string | undefined): ApiKeyEntry[] {
  if (json === undefined || json.trim() === '') {
    throw new InvalidApiKeysError('API_KEYS is required: a JSON object such as {"client":["<key>"]}');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidApiKeysError(
      'API_KEYS is not valid JSON; expected an object such as {"client":["<key>"]}',
    );
  }
  if (!isObject(parsed))
    throw new InvalidApiKeysError('API_KEYS must be a JSON object mapping roles to keys');
  const entries: ApiKeyEntry[] = [];
  for (const [role, value] of Object.entries(parsed)) {
    if (!isRole(role)) {
      throw new InvalidApiKeysError(`API_KEYS has an unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    }
    entries.push(...(isObject(value) ? namedEntries(role, value) : listedEntries(role, value)));
  }
  if (entries.length === 0) throw new InvalidApiKeysError('API_KEYS holds no key at all');
  return entries;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The hex SHA-256 of a key as presented, or of the digest it was configured as. */
export function sha256Of(configured: string): string {
  const digest = DIGEST_FORMAT.exec(configured);
  return digest ? digest[1].toLowerCase() : createHash('sha256').update(configured, 'utf8').digest('hex');
}

function listedEntries(role: Role, value: unknown): ApiKeyEntry[] {
  const keys = keyList(value, `API_KEYS.${role}`);
  return keys.map((key, index) => ({ role, name: `api-key:${role}:${index}`, sha256: sha256Of(key) }));
}

function namedEntries(role: Role, principals: Record<string, unknown>): ApiKeyEntry[] {
  return Object.entries(principals).flatMap(([name, value]) => {
    const where = `API_KEYS.${role}.${NAME_FORMAT.test(name) ? name : '<name>'}`;
    if (!NAME_FORMAT.test(name)) {
      throw new InvalidApiKeysError(
        `API_KEYS.${role} has a principal name that is not 1-64 letters, digits or . _ @ - (starting with a letter or digit)`,
      );
    }
    const bound = isObject(value) ? value : undefined;
    const keys = bound ? keyList(bound.keys ?? bound.key, `${where}.key`) : keyList(value, where);
    const owners = bound?.owners === undefined ? undefined : ownerList(bound.owners, `${where}.owners`);
    const unknown = bound ? Object.keys(bound).filter((k) => !['key', 'keys', 'owners'].includes(k)) : [];
    if (unknown.length > 0)
      throw new InvalidApiKeysError(`${where} has unknown fields: ${unknown.join(', ')}`);
    return keys.map((key) => ({ role, name, sha256: sha256Of(key), ...(owners ? { owners } : {}) }));
  });
}

function keyList(value: unknown, where: string): string[] {
  const keys = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
    throw new InvalidApiKeysError(`${where} must be a non-empty string or a list of non-empty strings`);
  }
  if (keys.some((k: string) => k.startsWith('sha256:') && !DIGEST_FORMAT.test(k))) {
    throw new InvalidApiKeysError(`${where} has a sha256: digest that is not 64 hexadecimal digits`);
  }
  return keys as string[];
}

function ownerList(value: unknown, where: string): string[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((o) => typeof o === 'string' && UUID_FORMAT.test(o))
  ) {
    throw new InvalidApiKeysError(`${where} must be a non-empty list of owner ids (UUIDs)`);
  }
  return (value as string[]).map((owner) => owner.toLowerCase());
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
