import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsMinorUnits } from '../../commands/amount.validation.js';
import { LowercaseUuid } from '../../commands/uuid.transform.js';

export class RequestTransferDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Derived from the Idempotency-Key when omitted' })
  @IsOptional()
  @LowercaseUuid()
  @IsUUID('all', { message: 'transferId must be a UUID' })
  transferId?: string;

  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'fromAccountId must be a UUID' })
  fromAccountId: string;

  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'toAccountId must be a UUID' })
  toAccountId: string;

  @ApiProperty({ description: 'Minor units, positive, at most MAX_AMOUNT', example: 2500 })
  @IsMinorUnits()
  amount: number;
}
