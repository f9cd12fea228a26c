import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Sets the ETag of a single document and tells whether the client already holds it
 * (If-None-Match: one of its tags, or `*`); the caller then answers 304 without a body.
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, version: number | bigint): boolean {
  const tag = `"${version}"`;
  reply.header('ETag', tag);
  const presented = request.headers['if-none-match'];
  if (presented === undefined) return false;
  const tags = presented.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(tag) && !tags.includes('*')) return false;
  reply.status(304);
  return true;
}
