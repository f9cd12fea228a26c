import { type AccountState, NotFoundError } from '@ledger/domain';
import type { AccessCheck } from '@ledger/event-store';
import { mayAccessOwner } from '@ledger/http';
import type { CommandRequest } from '../commands/command-request.js';

/**
 * An account the caller may not see answers exactly as an unknown one (404), so a key bound to
 * owners learns nothing of accounts that are not its owners'.
 */
export function assertVisibleAccount(request: CommandRequest, accountId: string, state: AccountState): void {
  if (state.status === 'none' || !mayAccessOwner(request, state.ownerId)) {
    throw new NotFoundError('account', accountId);
  }
}

/** The pipeline's check for a key bound to owners; unbound keys need none (the domain says 404). */
export function accountAccess(
  request: CommandRequest,
  accountId: string,
): AccessCheck<AccountState> | undefined {
  if (request.owners === undefined) return undefined;
  return (state) => assertVisibleAccount(request, accountId, state);
}
