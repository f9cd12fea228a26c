import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CURRENCY_CODES } from '@ledger/domain';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
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

  @ApiPropertyOptional({
    description: "ISO 4217 code; the source account's currency when omitted, and it must be that currency",
    example: 'EUR',
  })
  @IsOptional()
  @IsIn(CURRENCY_CODES, { message: 'currency must be an ISO 4217 currency code such as EUR' })
  currency?: string;
}
