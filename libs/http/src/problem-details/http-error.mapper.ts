import { HttpException } from '@nestjs/common';
import { NestingTooDeepError } from '../validation/json-body.parser.js';
import { problem, type FieldError, type ProblemDetails } from './problem-details.js';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  412: ['precondition-failed', 'Precondition failed'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['unprocessable', 'Unprocessable content'],
  429: ['too-many-requests', 'Too many requests'],
  503: ['unavailable', 'Service unavailable'],
};

/** An HttpException, possibly carrying field errors (see RequestValidationException). */
export function mapHttpException(error: unknown): ProblemDetails | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const status = error.getStatus();
  const body = error.getResponse();
  const errors = fieldErrorsOf(body);
  return titled(status, detailOf(body, error.message), errors);
}

/**
 * Errors Fastify raises before Nest sees the request: body too large, bad JSON, media type.
 * Nest's adapter wraps them in an HttpException whose cause is the Fastify error.
 */
export function mapFastifyError(error: unknown): ProblemDetails | undefined {
  const source = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  if (typeof source !== 'object' || source === null) return undefined;
  const { code, statusCode, message } = source as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number')
    return undefined;
  if (statusCode >= 500) return undefined;
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
  }
  return titled(statusCode, typeof message === 'string' ? message : 'Request rejected.');
}

/** A body parser's SyntaxError (malformed JSON reaching Nest) is the client's fault. */
export function mapSyntaxError(error: unknown): ProblemDetails | undefined {
  if (!(error instanceof SyntaxError)) return undefined;
  return problem(400, 'malformed-json', 'Malformed JSON', 'The request body is not valid JSON.');
}

/** A body deeper than the JSON parser allows, refused before any DTO transformation. */
export function mapNestingTooDeep(error: unknown): ProblemDetails | undefined {
  if (!(error instanceof NestingTooDeepError)) return undefined;
  return problem(400, 'nesting-too-deep', 'Body nested too deeply', error.message);
}

function titled(status: number, detail: string, errors?: FieldError[]): ProblemDetails {
  const [slug, title] =
    TITLES[status] ?? (status >= 500 ? ['internal', 'Internal error'] : ['http-error', 'HTTP error']);
  return problem(status, errors ? 'validation' : slug, errors ? 'Invalid request' : title, detail, errors);
}

function fieldErrorsOf(body: unknown): FieldError[] | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body)) return undefined;
  const errors = (body as { errors: unknown }).errors;
  return Array.isArray(errors) ? (errors as FieldError[]) : undefined;
}

function detailOf(body: unknown, fallback: string): string {
  if (typeof body === 'string') return body;
  const message =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return fallback;
}
