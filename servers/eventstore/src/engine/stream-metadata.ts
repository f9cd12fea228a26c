/** The parts of a `$metadata` event (in `$$<stream>`) that shape what reads return. */
export interface StreamMetadata {
  maxCount?: number;
  /** Seconds. */
  maxAge?: number;
  truncateBefore?: number;
  /** The whole JSON object, kept so a delete or revival rewrites it with only `$tb` changed. */
  raw: Record<string, unknown>;
}

export const METADATA_EVENT_TYPE = '$metadata';

/** `$tb` of a soft-deleted stream: long.MaxValue, as the real server writes it. */
const DELETED_TB_TEXT = '9223372036854775807';
/** Any `$tb` beyond 2^53 can only be the deleted marker after JSON parsing. */
const DELETED_TB_THRESHOLD = Number.MAX_SAFE_INTEGER;

export function parseStreamMetadata(data: Uint8Array): StreamMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return { raw: {} };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { raw: {} };
  const object = raw as Record<string, unknown>;
  return {
    raw: object,
    maxCount: nonNegativeInteger(object['$maxCount']),
    maxAge: nonNegativeInteger(object['$maxAge']),
    truncateBefore: nonNegativeInteger(object['$tb']),
  };
}

export function isSoftDeleted(metadata: StreamMetadata | undefined): boolean {
  return (metadata?.truncateBefore ?? 0) >= DELETED_TB_THRESHOLD;
}

/** The metadata JSON with `$tb` replaced (the deleted marker is written exactly, not as a float). */
export function metadataWithTruncateBefore(
  metadata: StreamMetadata | undefined,
  truncateBefore: bigint | 'deleted',
): Uint8Array {
  const rest = { ...metadata?.raw };
  delete rest['$tb'];
  const body = JSON.stringify(rest).slice(1, -1);
  const tb = truncateBefore === 'deleted' ? DELETED_TB_TEXT : truncateBefore.toString();
  return Buffer.from(`{${body}${body ? ',' : ''}"$tb":${tb}}`, 'utf8');
}

function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
