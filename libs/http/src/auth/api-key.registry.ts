import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeysByRole, Role } from './api-keys.js';

/** Who called: an opaque actor name (never the key) and the roles its key carries. */
export type Principal = { actor: string; roles: ReadonlySet<Role> };

type StoredKey = { digest: Buffer; role: Role; actor: string };

/**
 * Looks keys up in constant time: both sides are hashed to the same length and every stored
 * key is compared, so neither the length nor the position of a match leaks through timing.
 */
export class ApiKeyRegistry {
  private readonly keys: StoredKey[];

  constructor(keysByRole: ApiKeysByRole) {
    this.keys = Object.entries(keysByRole).flatMap(([role, keys]) =>
      (keys ?? []).map((key, index) => ({
        digest: sha256(key),
        role: role as Role,
        actor: `api-key:${role}:${index}`,
      })),
    );
  }

  authenticate(presentedKey: string): Principal | undefined {
    const digest = sha256(presentedKey);
    const roles = new Set<Role>();
    let actor: string | undefined;
    for (const stored of this.keys) {
      if (timingSafeEqual(digest, stored.digest)) {
        roles.add(stored.role);
        actor ??= stored.actor;
      }
    }
    return actor === undefined ? undefined : { actor, roles };
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
