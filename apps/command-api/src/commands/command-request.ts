import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Principal, RequestValidationException } from '@ledger/http';

/** What a command takes from the HTTP request besides its body. */
export type CommandRequest = {
  correlationId: string;
  actor: string;
  idempotencyKey?: string;
  expectedRevision?: bigint;
};

type RawRequest = {
  id: string;
  principal?: Principal;
  headers: Record<string, string | string[] | undefined>;
};
type Options = { idempotencyKey: 'required' | 'optional' };

const KEY_FORMAT = /^[\x21-\x7e]{1,200}$/;
const IF_MATCH_FORMAT = /^(?:W\/)?"?(\d{1,18})"?$/;

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
      ...(ifMatch !== undefined && !IF_MATCH_FORMAT.test(ifMatch)
        ? [{ field: 'If-Match', message: 'If-Match must be a revision as sent in ETag, e.g. "3"' }]
        : []),
    ];
    if (fieldErrors.length > 0) throw new RequestValidationException(fieldErrors);
    const revision = ifMatch === undefined ? undefined : IF_MATCH_FORMAT.exec(ifMatch)?.[1];
    return {
      correlationId: request.id,
      actor: request.principal.actor,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      ...(revision !== undefined ? { expectedRevision: BigInt(revision) } : {}),
    };
  },
);

function header(request: RawRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
