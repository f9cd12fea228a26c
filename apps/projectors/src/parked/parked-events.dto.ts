import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ParkedEventsPageView, ParkedEventView } from '@ledger/api-views';
import type { ParkedEvent } from '@ledger/consumers';

/** One parked event, with the error that parked it and the event itself (operators need both). */
export class ParkedEventDto implements ParkedEventView {
  @ApiProperty() consumer: string;
  @ApiProperty() stream: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ description: 'Commit position, decimal' }) position: string;
  @ApiProperty({ description: 'Revision in its stream, decimal' }) revision: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: ['handler-failed', 'unknown-event-type', 'undecodable', 'behind-parked'] })
  reason: ParkedEvent['reason'];
  @ApiPropertyOptional() error?: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) parkedAt: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiPropertyOptional({ enum: ['retry', 'skip'], description: 'A request not yet carried out' })
  requested?: ParkedEvent['requested'];
  @ApiProperty({ type: Object }) data: unknown;
  @ApiProperty({ type: Object }) metadata: Record<string, unknown>;
}

export class ParkedEventsPage implements ParkedEventsPageView {
  @ApiProperty({ type: [ParkedEventDto] }) items: ParkedEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ParkedRequestAnswer {
  @ApiProperty() consumer: string;
  @ApiProperty() stream: string;
  @ApiProperty({ enum: ['retry', 'skip'] }) requested: 'retry' | 'skip';
}

export function toParkedEventDto(parked: ParkedEvent): ParkedEventDto {
  const { event, position, parkedAt, ...rest } = parked;
  return {
    ...rest,
    position: position.toString(),
    revision: event.revision.toString(),
    parkedAt: parkedAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    data: event.event.data,
    metadata: { ...event.metadata },
  };
}
