import { createHash } from 'node:crypto';
import { v4 as uuidv4, v5 as uuidv5 } from 'uuid';

/** Namespace of every id the ledger derives from an Idempotency-Key (fixed forever: ids are stored). */
export const LEDGER_ID_NAMESPACE = '1b5f3c2e-8a4d-5e6f-9b7a-0c1d2e3f4a5b';

/** What makes a command keyed: who sent it, its Idempotency-Key and the hash of what it asked for. */
export type KeyedRequest = { actor: string; idempotencyKey?: string; requestHash?: string };

/**
 * Event id of the index-th event of a keyed command on a stream (random without a key). A retry
 * of the same request by the same principal produces the same ids, so the event store
 * recognises it; another request, another principal or another stream produce other ids, so
 * the store never takes them for a retry (it compares ids only). The JSON array keeps the parts apart.
 */
export function eventIdFor(
  { actor, idempotencyKey, requestHash }: KeyedRequest,
  streamName: string,
  index: number,
): string {
  return idempotencyKey === undefined
    ? uuidv4()
    : uuidv5(
        JSON.stringify([actor, streamName, idempotencyKey, requestHash ?? null, index]),
        LEDGER_ID_NAMESPACE,
      );
}

/**
 * Id of something the server creates on a principal's behalf (an account, a transfer, a
 * command): derived from their key, so that their retry addresses the same thing and another
 * principal's same key another one; random without a key.
 */
export function derivedIdFor(
  { actor, idempotencyKey }: Omit<KeyedRequest, 'requestHash'>,
  purpose: string,
): string {
  return idempotencyKey === undefined
    ? uuidv4()
    : uuidv5(JSON.stringify([actor, idempotencyKey, purpose]), LEDGER_ID_NAMESPACE);
}

/** Stable hash of what the client asked for: key order and whitespace do not matter. */
export function requestHashOf(commandType: string, payload: unknown): string {
  return createHash('sha256')
    .update(`${commandType}\n${canonicalJson(payload)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
