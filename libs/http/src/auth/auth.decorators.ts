import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Principal } from './api-key.registry.js';
import type { Role } from './api-keys.js';

export const REQUIRED_ROLE = 'ledger:required-role';
export const PUBLIC_ROUTE = 'ledger:public-route';

/** The role a caller's key must carry (on a controller or a method). */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Opens a route to callers without a key (health, readiness, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = { principal?: Principal };

/** The principal the guard attached to the request. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route the ApiKeyGuard did not authenticate');
  return principal;
});
