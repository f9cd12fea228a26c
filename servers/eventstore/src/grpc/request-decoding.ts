import type { ExpectedRevision } from '../engine/expected-revision.js';
import type { ProposedEvent } from '../engine/outcomes.js';
import type { SharedPb } from './generated-code.js';
import {
  invalidArgumentError,
  invalidEventIdError,
  missingMetadataError,
  RequestError,
} from './status-errors.js';

const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNDASHED_UUID = /^[0-9a-f]{32}$/i;

/** What `AppendReq.ProposedMessage` and `BatchAppendReq.ProposedMessage` have in common. */
export interface ProposedMessageLike {
  getId(): SharedPb.UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getCustomMetadata_asU8(): Uint8Array;
  getData_asU8(): Uint8Array;
}

export function decodeStreamName(identifier: SharedPb.StreamIdentifier | undefined): string {
  return requireStreamName(identifier?.getStreamName_asU8());
}

/** A stream name from its utf8 bytes: required. */
export function requireStreamName(bytes: Uint8Array | undefined): string {
  const name = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : '';
  if (!name) throw new RequestError(invalidArgumentError('A stream name is required'));
  return name;
}

export function decodeProposedEvent(message: ProposedMessageLike): ProposedEvent {
  const metadata = message.getMetadataMap();
  const required = requireEventMetadata(metadata.get('type'), metadata.get('content-type'));
  return {
    eventId: decodeUuid(message.getId()),
    type: required.type,
    contentType: required.contentType,
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/** The `type` and `content-type` every proposed event must carry (content type normalized). */
export function requireEventMetadata(
  type: string | undefined,
  contentType: string | undefined,
): { type: string; contentType: string } {
  if (!type || !contentType) throw new RequestError(missingMetadataError());
  return {
    type,
    contentType: contentType === 'application/json' ? 'application/json' : 'application/octet-stream',
  };
}

/** Bytes an event counts for against the maximum append size. */
export function proposedSize(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length + event.contentType.length + 36;
}

function decodeUuid(uuid: SharedPb.UUID | undefined): string {
  let text = uuid?.getString() ?? '';
  const structured = uuid?.getStructured();
  if (structured) {
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return normalizedUuid(text);
}

/**
 * An event id in the canonical form (dashed, lower case). Accepts what the real server's
 * `Guid.Parse` does, but the rarely used hex-array form: 32 digits with or without dashes, the
 * dashed form in braces or parentheses, surrounding blanks.
 */
export function normalizedUuid(text: string): string {
  if (DASHED_UUID.test(text)) return text.toLowerCase();
  const trimmed = text.trim();
  const enclosed = /^\{.*\}$|^\(.*\)$/s.test(trimmed);
  const inner = enclosed ? trimmed.slice(1, -1) : trimmed;
  if (DASHED_UUID.test(inner)) return inner.toLowerCase();
  if (!enclosed && UNDASHED_UUID.test(inner)) {
    const hex = inner.toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new RequestError(invalidEventIdError(text));
}

/** The expected-revision oneof, whose case numbers differ between request types. */
export interface ExpectedRevisionFields {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
  exact(): string | undefined;
}

export function decodeExpectedRevision(fields: ExpectedRevisionFields): ExpectedRevision {
  if (fields.hasNoStream()) return { kind: 'no_stream' };
  if (fields.hasStreamExists()) return { kind: 'stream_exists' };
  const exact = fields.exact();
  if (exact !== undefined) return { kind: 'exact', revision: parseUnsigned(exact, 'expected revision') };
  return { kind: 'any' };
}

export function parseUnsigned(text: string, what: string): bigint {
  if (!/^\d+$/.test(text)) throw new RequestError(invalidArgumentError(`Invalid ${what} '${text}'`));
  return BigInt(text);
}
