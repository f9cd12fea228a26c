import type { ExecutionContext, PipeTransform, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyRequest } from 'fastify';

type RouteArgs = Record<string, { index: number }>;

const SOURCES: Partial<Record<number, 'query' | 'param'>> = {
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.PARAM]: 'param',
};

/**
 * Runs the route's query-string and path DTOs through the validation pipe now, as the global
 * pipe will later. Interceptors run before pipes, so without this a request that is invalid and
 * waits for X-Min-Position would learn it is invalid only after the wait, or get a 503 and retry.
 */
export async function validateBeforeWaiting(context: ExecutionContext, pipe: PipeTransform): Promise<void> {
  const controller = context.getClass();
  const method = context.getHandler().name;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as RouteArgs;
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, method) ??
    []) as Type[];
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  for (const [key, { index }] of Object.entries(args)) {
    const source = SOURCES[Number(key.split(':')[0])];
    if (source === undefined) continue;
    const value = source === 'query' ? request.query : request.params;
    await pipe.transform(value, { type: source, metatype: types[index], data: undefined });
  }
}
