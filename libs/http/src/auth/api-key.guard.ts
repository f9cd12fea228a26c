import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRegistry } from './api-key.registry.js';
import type { Role } from './api-keys.js';
import { type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators.js';
import { authenticateRequest, bearerToken } from './request-authentication.js';

type RequestWithHeaders = AuthenticatedRequest & { headers: Record<string, string | string[] | undefined> };

/** Bearer API keys: 401 without a known key, 403 when the key lacks the route's role. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    if (bearerToken(request) === undefined)
      throw new UnauthorizedException('An API key is required: Authorization: Bearer <key>.');
    const principal = authenticateRequest(this.registry, request);
    if (!principal) throw new UnauthorizedException('The API key is not valid.');
    const role = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    // A route without a declared role is closed to everyone: forgetting it must not open it.
    if (role === undefined || !principal.roles.has(role)) {
      throw new ForbiddenException(
        `This API key may not call this route${role ? ` (role "${role}" needed)` : ''}.`,
      );
    }
    request.principal = principal;
    return true;
  }
}
