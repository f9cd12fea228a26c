import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RebuildView } from '@ledger/api-views';
import type { RebuildProgress, RebuildState } from '@ledger/consumers-mongodb';
import { IsString, Matches } from 'class-validator';

export class StartRebuildBody {
  @ApiProperty({ description: 'Read model name, as in /status (the transfer workflow is refused)' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,100}$/, { message: 'readModel must be a read model name, e.g. account-summary' })
  readModel: string;
}

export class RebuildIdParams {
  @ApiProperty() @Matches(/^[0-9a-f-]{36}$/, { message: 'id must be a rebuild id' }) id: string;
}

/** A rebuild's progress; positions are decimal strings, as everywhere in the API. */
export class RebuildDto implements RebuildView {
  @ApiProperty() id: string;
  @ApiProperty() readModel: string;
  @ApiProperty({ enum: ['running', 'switching', 'done', 'cancelled', 'failed'] }) state: RebuildState;
  @ApiProperty({ description: 'The collection being built' }) collection: string;
  @ApiProperty({ description: 'The collection serving before (dropped after the grace period)' })
  previousCollection: string;
  @ApiProperty() handled: number;
  @ApiProperty() eventsPerSecond: number;
  @ApiPropertyOptional() position?: string;
  @ApiPropertyOptional() targetPosition?: string;
  @ApiProperty({ description: '0 to 1' }) progress: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional() error?: string;
}

export class RebuildsPage {
  @ApiProperty({ type: [RebuildDto] }) items: RebuildDto[];
}

export function toRebuildDto(progress: RebuildProgress): RebuildDto {
  const { position, targetPosition, startedAt, finishedAt, ...rest } = progress;
  return {
    ...rest,
    ...(position === undefined ? {} : { position: position.toString() }),
    ...(targetPosition === undefined ? {} : { targetPosition: targetPosition.toString() }),
    startedAt: startedAt.toISOString(),
    ...(finishedAt ? { finishedAt: finishedAt.toISOString() } : {}),
  };
}
