import { RequestValidationException } from '@ledger/http';

export const MIN_POSITION_HEADER = 'x-min-position';
export const READ_POSITION_HEADER = 'X-Read-Position';

const INT64_MAX = 0x7fff_ffff_ffff_ffffn;

/** X-Min-Position as the command API sent it (a decimal commit position), or a 400. */
export function parseMinPosition(header: string | string[] | undefined): bigint | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? undefined : header.trim();
  const position = value !== undefined && /^\d{1,19}$/.test(value) ? BigInt(value) : undefined;
  if (position === undefined || position > INT64_MAX) {
    throw new RequestValidationException([
      { field: 'X-Min-Position', message: 'X-Min-Position must be one commit position, a decimal integer' },
    ]);
  }
  return position;
}
