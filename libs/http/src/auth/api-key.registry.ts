import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry, Role } from './api-keys.js';

/**
 * Who called: the principal's name (never the key; the events' `actor`), the roles its key
 * carries, and, for a key bound to owners, the only owners whose accounts it may see and touch.
 */
export type Principal = { actor: string; roles: ReadonlySet<Role>; owners?: ReadonlySet<string> };

type StoredKey = { digest: Buffer; entry: ApiKeyEntry };

/**
 * Looks keys up in constant time: both sides are SHA-256 digests of the same length and every
 * stored key is compared, so neither the length nor the position of a match leaks through timing.
 */
export class ApiKeyRegistry {
  private readonly keys: StoredKey[];

  constructor(entries: ApiKeyEntry[]) {
    this.keys = entries.map((entry) => ({ digest: Buffer.from(entry.sha256, 'hex'), entry }));
  }

  authenticate(presentedKey: string): Principal | undefined {
    const digest = createHash('sha256').update(presentedKey, 'utf8').digest();
    const matches: ApiKeyEntry[] = [];
    for (const stored of this.keys) if (timingSafeEqual(digest, stored.digest)) matches.push(stored.entry);
    if (matches.length === 0) return undefined;
    const roles = new Set(matches.map((m) => m.role));
    // A key bound anywhere stays bound: being listed unbound under another role never widens it.
    const bound = matches.filter((m) => m.owners !== undefined);
    const owners = bound.length > 0 ? new Set(bound.flatMap((m) => m.owners ?? [])) : undefined;
    return { actor: matches[0].name, roles, ...(owners ? { owners } : {}) };
  }
}
