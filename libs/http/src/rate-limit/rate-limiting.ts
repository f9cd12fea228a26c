import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { ApiKeyRegistry } from '../auth/api-key.registry.js';
import { authenticateRequest } from '../auth/request-authentication.js';
import { limitForRoles, type RateLimits } from './rate-limits.js';

/** Probes and docs (served by this library) stay reachable whatever a caller's traffic. */
const UNLIMITED_ROUTES = new Set(['/health', '/ready', '/docs', '/docs-json', '/docs/:asset']);

/**
 * Limits requests per second per principal (by its key's roles) and per address without a valid
 * key, before the body is read: 429 problem with Retry-After and the IETF draft RateLimit-*
 * headers. Counters live in the process: each copy of an app counts its own requests.
 */
export async function registerRateLimiting(app: NestFastifyApplication, limits: RateLimits): Promise<void> {
  const registry = app.get(ApiKeyRegistry, { strict: false });
  const limitOf = (request: FastifyRequest): number => {
    const principal = authenticateRequest(registry, request);
    return principal ? limitForRoles(principal.roles, limits) : limits.unauthenticated;
  };
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyRateLimit, {
    global: false,
    enableDraftSpec: true,
    timeWindow: 1000,
    keyGenerator: (request) => {
      const principal = authenticateRequest(registry, request);
      // An unknown key counts against its address, so guessing keys gains no fresh budget.
      return principal ? `principal:${principal.actor}` : `address:${normalizeIP(request.ip)}`;
    },
    max: (request) => limitOf(request),
    errorResponseBuilder: (request) => {
      const who = authenticateRequest(registry, request)
        ? 'this API key'
        : 'this address without a valid API key';
      return new HttpException(
        `Too many requests: at most ${limitOf(request)} per second for ${who}; retry after Retry-After seconds.`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    },
  });
  const limit = fastify.rateLimit();
  fastify.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_ROUTES.has(request.routeOptions.url ?? '') || limitOf(request) === 0) return;
    await limit.call(fastify, request, reply);
  });
}
