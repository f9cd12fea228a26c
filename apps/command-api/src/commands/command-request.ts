import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { formatTraceparent, type Principal, RequestValidationException, requestTrace } from '@ledger/http';

/** What a command takes from the HTTP request besides its body. */
export type CommandRequest = {
  correlationId: string;
  /** The request's span, as W3C `traceparent`: carried into the events' metadata. */
  traceparent?: string;
  /** The principal's name; with `owners`, the only owners whose accounts it may touch. */
  actor: string;
  owners?: ReadonlySet<string>;
  idempotencyKey?: string;
  /** From If-Match: a revision, or `exists` for `*`. */
  expectedRevision?: bigint | 'exists';
};

type RawRequest = {
  id: string;
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
};
type Options = { idempotencyKey: 'required' | 'optional' };

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
const STRONG_TAG = /^"(\d{1,18})"$/;
const WEAK_TAG = /^W\/"[^"]*"$/;

/** @CommandRequestMeta() — correlation id, actor, Idempotency-Key and If-Match, validated (400 on bad headers). */
export const CommandRequestMeta = createParamDecorator(
  (options: Options | undefined, context: ExecutionContext): CommandRequest => {
    const request = context.switchToHttp().getRequest<RawRequest>();
    if (!request.principal) throw new Error('CommandRequestMeta needs the ApiKeyGuard to have run');
    const idempotencyKey = header(request, 'idempotency-key');
    const ifMatch = header(request, 'if-match');
    const fieldErrors = [
      ...(idempotencyKey === undefined && options?.idempotencyKey === 'required'
        ? [{ field: 'Idempotency-Key', message: 'the Idempotency-Key header is required' }]
        : []),
      ...(idempotencyKey !== undefined && !KEY_FORMAT.test(idempotencyKey)
        ? [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 200 visible ASCII characters' }]
        : []),
      ...ifMatchErrors(ifMatch),
    ];
    if (fieldErrors.length > 0) throw new RequestValidationException(fieldErrors);
    const expectedRevision = ifMatch === undefined ? undefined : expectedRevisionOf(ifMatch.trim());
    const { actor, owners } = request.principal;
    const trace = requestTrace(request);
    return {
      correlationId: request.id,
      ...(trace ? { traceparent: formatTraceparent(trace) } : {}),
      actor,
      ...(owners !== undefined ? { owners } : {}),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    };
  },
);

/** If-Match: `*` (the stream must exist) or one strong tag as sent in ETag; say why anything else is refused. */
function ifMatchErrors(ifMatch: string | undefined): { field: string; message: string }[] {
  if (ifMatch === undefined) return [];
  const value = ifMatch.trim();
  if (value === '*' || STRONG_TAG.test(value)) return [];
  const message = WEAK_TAG.test(value)
    ? `If-Match takes a strong tag: a weak tag such as ${value} cannot guard a write; send the ETag as given, e.g. "3"`
    : 'If-Match must be "*" or one revision in quotes, as sent in ETag, e.g. "3"';
  return [{ field: 'If-Match', message }];
}

function expectedRevisionOf(value: string): bigint | 'exists' {
  return value === '*' ? 'exists' : BigInt(STRONG_TAG.exec(value)![1]);
}

function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
