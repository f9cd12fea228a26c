import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ConsumerStatusView, ProjectorsStatusView } from '@ledger/api-views';
import type { ConsumerStatus } from '@ledger/consumers';

export class LastErrorDto {
  @ApiProperty() message: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

/** One consumer as `/status` shows it; positions are decimal strings, as everywhere in the API. */
export class ConsumerStatusDto implements ConsumerStatusView {
  @ApiProperty() consumer: string;
  @ApiProperty({ enum: ['running', 'stalled', 'elsewhere', 'unowned'] }) state: ConsumerStatus['state'];
  @ApiPropertyOptional({ description: 'Instance holding the lease' }) owner?: string;
  @ApiProperty({ description: 'This instance runs it' }) ownedHere: boolean;
  @ApiPropertyOptional({ description: 'Commit position it has got past' }) position?: string;
  @ApiPropertyOptional({ description: 'Commit position of the last event in $all' }) headPosition?: string;
  @ApiProperty({ description: 'Events of $all after its position (an upper bound, capped)' })
  lagEvents: number;
  @ApiPropertyOptional({ description: 'Seconds from the oldest event not seen to the head' })
  lagSeconds?: number;
  @ApiProperty({ description: 'Events handled since this instance took it' }) handled: number;
  @ApiProperty() parked: number;
  @ApiProperty() reconnects: number;
  @ApiPropertyOptional({ type: LastErrorDto }) lastError?: LastErrorDto;
  @ApiProperty() stalled: boolean;
}

export class ProjectorsStatusDto implements ProjectorsStatusView {
  @ApiProperty() instanceId: string;
  @ApiProperty({ type: [ConsumerStatusDto] }) consumers: ConsumerStatusDto[];
}

export function toConsumerStatusDto(status: ConsumerStatus): ConsumerStatusDto {
  const { position, headPosition, lastError, lagEvents, ...rest } = status;
  return {
    ...rest,
    lagEvents: lagEvents ?? 0,
    ...(position === undefined ? {} : { position: position.toString() }),
    ...(headPosition === undefined ? {} : { headPosition: headPosition.toString() }),
    ...(lastError ? { lastError: { message: lastError.message, at: lastError.at.toISOString() } } : {}),
  };
}
