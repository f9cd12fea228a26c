import type { ResolvedEvent } from '../engine/event-reader.js';
import type { StoredEvent } from '../storage/log-storage.js';
import { streamIdentifier } from './batch-append-responses.js';
import type { SharedPb, StreamsPb } from './generated-code.js';
import { sharedPb, streamsPb } from './generated-code.js';

export type UuidFormat = 'string' | 'structured';

/** What a Read call sends: a message object, or an event already encoded (read-event.encoder.ts). */
export type ReadResponse = StreamsPb.ReadResp | Buffer;

/**
 * The event answer built from google-protobuf objects: the reference `encodeEventResponse` is
 * held to byte for byte; the read paths send the encoder's output.
 */
export function eventResponseMessage(resolved: ResolvedEvent, uuidFormat: UuidFormat): StreamsPb.ReadResp {
  const readEvent = new streamsPb.ReadResp.ReadEvent();
  readEvent.setEvent(recordedEvent(resolved.event, uuidFormat));
  if (resolved.link) readEvent.setLink(recordedEvent(resolved.link, uuidFormat));
  readEvent.setCommitPosition(resolved.position.toString());
  return new streamsPb.ReadResp().setEvent(readEvent);
}

export function confirmationResponse(subscriptionId: string): StreamsPb.ReadResp {
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(subscriptionId);
  return new streamsPb.ReadResp().setConfirmation(confirmation);
}

export function checkpointResponse(position: bigint): StreamsPb.ReadResp {
  const checkpoint = new streamsPb.ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  return new streamsPb.ReadResp().setCheckpoint(checkpoint);
}

export function caughtUpResponse(): StreamsPb.ReadResp {
  return new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp());
}

export function streamNotFoundResponse(streamName: string): StreamsPb.ReadResp {
  const notFound = new streamsPb.ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(streamIdentifier(streamName));
  return new streamsPb.ReadResp().setStreamNotFound(notFound);
}

function recordedEvent(
  event: StoredEvent,
  uuidFormat: UuidFormat,
): StreamsPb.ReadResp.ReadEvent.RecordedEvent {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuid(event.eventId, uuidFormat));
  recorded.setStreamIdentifier(streamIdentifier(event.streamName));
  recorded.setStreamRevision(event.revision.toString());
  recorded.setPreparePosition(event.position.toString());
  recorded.setCommitPosition(event.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString());
  recorded.setCustomMetadata(event.metadata);
  recorded.setData(event.data);
  return recorded;
}

function uuid(eventId: string, format: UuidFormat): SharedPb.UUID {
  const id = new sharedPb.UUID();
  if (format === 'string') return id.setString(eventId);
  const bytes = Buffer.from(eventId.replace(/-/g, ''), 'hex');
  const structured = new sharedPb.UUID.Structured();
  structured.setMostSignificantBits(bytes.readBigInt64BE(0).toString());
  structured.setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  return id.setStructured(structured);
}
