export const ROLES = ['client', 'analyst', 'operator'] as const;
export type Role = (typeof ROLES)[number];
export type ApiKeysByRole = Partial<Record<Role, string[]>>;

export class InvalidApiKeysError extends Error {
  override readonly name = 'InvalidApiKeysError';
}

/**
 * Parses `API_KEYS`: a JSON object, role → key or list of keys
 * (`{"client":["k1"],"analyst":["k2"]}`; the launcher's file has one string per role).
 * Messages never repeat a key.
 */
export function parseApiKeys(json: string | undefined): ApiKeysByRole {
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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidApiKeysError('API_KEYS must be a JSON object mapping roles to lists of keys');
  }
  const result: ApiKeysByRole = {};
  for (const [role, value] of Object.entries(parsed)) {
    if (!isRole(role))
      throw new InvalidApiKeysError(`API_KEYS has an unknown role "${role}"; roles are ${ROLES.join(', ')}`);
    const keys = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string' && k.length > 0)) {
      throw new InvalidApiKeysError(
        `API_KEYS.${role} must be a non-empty string or a list of non-empty strings`,
      );
    }
    result[role] = keys as string[];
  }
  if (Object.values(result).every((keys) => keys.length === 0)) {
    throw new InvalidApiKeysError('API_KEYS holds no key at all');
  }
  return result;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
