import type { Principal } from './api-key.registry.js';

/** Whether the principal may see and act on what belongs to this owner (unbound keys: everything). */
export function mayAccessOwner(principal: Pick<Principal, 'owners'>, ownerId: string): boolean {
  return principal.owners === undefined || principal.owners.has(ownerId.toLowerCase());
}
