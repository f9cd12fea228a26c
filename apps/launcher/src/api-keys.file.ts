import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ROLES = ['client', 'analyst', 'operator'] as const;
export type GeneratedKeys = Record<(typeof ROLES)[number], string>;

export class ApiKeysFileError extends Error {
  override readonly name = 'ApiKeysFileError';
}

/** Where the launcher keeps the keys it generated (ARCHITECTURE.md "Auth"). */
export const apiKeysFile = (dataDir: string): string => join(dataDir, 'api-keys.json');

/**
 * The keys of `<dataDir>/api-keys.json` (role → key), generated on first start (192 random bits
 * each, readable by the owner only) and reused after. A file that is not such an object is an
 * error that names it: it is never overwritten, so no key anyone holds is lost.
 */
export async function loadOrCreateApiKeys(
  dataDir: string,
): Promise<{ keys: GeneratedKeys; created: boolean }> {
  const file = apiKeysFile(dataDir);
  const keys = Object.fromEntries(
    ROLES.map((role) => [role, randomBytes(24).toString('base64url')]),
  ) as GeneratedKeys;
  try {
    // 'wx': created only if absent, so two launchers on one folder cannot write different keys.
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return { keys, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { keys: parseKeys(await readFile(file, 'utf8'), file), created: false };
}

function parseKeys(text: string, file: string): GeneratedKeys {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiKeysFileError(`${file} is not JSON; fix it, or move it away to generate new keys`);
  }
  const keys = value as Partial<Record<string, unknown>>;
  const bad = ROLES.filter((role) => typeof keys?.[role] !== 'string' || (keys[role] as string).length < 16);
  if (typeof value !== 'object' || value === null || bad.length > 0)
    throw new ApiKeysFileError(
      `${file} needs a key of at least 16 characters for ${bad.join(', ')} ({"client": "…", "analyst": "…", "operator": "…"}); fix it, or move it away to generate new keys`,
    );
  return {
    client: keys.client as string,
    analyst: keys.analyst as string,
    operator: keys.operator as string,
  };
}

/** The keys as API_KEYS for the apps: one key per role. */
export const apiKeysVariable = (keys: GeneratedKeys): string =>
  JSON.stringify(Object.fromEntries(ROLES.map((role) => [role, [keys[role]]])));
