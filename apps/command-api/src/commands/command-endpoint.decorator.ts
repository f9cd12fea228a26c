import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse } from '@nestjs/swagger';
import { RequireRole } from '@ledger/http';
import { CommandAnswerHeadersInterceptor } from './command-answer.js';

/** What every command endpoint shares: the client role, answer headers and documented headers/errors. */
export function CommandEndpoint(options: { idempotencyKey: 'required' | 'optional' }) {
  return applyDecorators(
    RequireRole('client'),
    UseInterceptors(CommandAnswerHeadersInterceptor),
    ApiBearerAuth(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: options.idempotencyKey === 'required',
      description: 'Retrying with the same key appends nothing and answers as the first call did',
    }),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'Expected stream revision, as sent in ETag ("3")',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Echoed back; generated when absent',
    }),
    ApiResponse({ status: 400, description: 'Invalid body, id or header (problem+json with field errors)' }),
    ApiResponse({ status: 401, description: 'No or unknown API key' }),
    ApiResponse({ status: 403, description: 'The key lacks the client role' }),
    ApiResponse({ status: 409, description: 'Conflict (already exists, or concurrent writers)' }),
    ApiResponse({ status: 412, description: 'If-Match does not name the current revision' }),
    ApiResponse({ status: 413, description: 'Body too large' }),
    ApiResponse({
      status: 422,
      description: 'Business rule violated, or Idempotency-Key reused with another body',
    }),
    ApiResponse({
      status: 429,
      description: 'Over the rate limit of the key (RATE_LIMITS); see Retry-After',
    }),
  );
}
