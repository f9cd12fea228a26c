import type { Principal } from '@ledger/http';

/**
 * The filter that keeps a key bound to owners to its owners' documents (`field` holds the owner
 * id); unbound keys see everything. Joined to every list and total with `$and`.
 */
export function ownerScope(principal: Principal, field: string): Record<string, unknown> {
  return principal.owners === undefined ? {} : { [field]: { $in: [...principal.owners] } };
}
