import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageParams, toLowerCase } from '../../query/page.params.js';

export const TRANSFER_STATUSES = ['requested', 'debited', 'completed', 'rejected', 'failed'] as const;

export class ListTransfersParams extends PageParams {
  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: (typeof TRANSFER_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'Transfers from or to this account' })
  @IsOptional()
  @Transform(toLowerCase)
  @IsUUID('all', { message: 'accountId must be a UUID' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Requested at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Requested before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}
