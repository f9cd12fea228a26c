import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsMinorUnits } from '../../commands/amount.validation.js';
import { IsFreeText } from '../../commands/free-text.validation.js';

export class DepositMoneyDto {
  @ApiProperty({ description: 'Minor units (cents), positive, at most MAX_AMOUNT', example: 1500 })
  @IsMinorUnits()
  amount: number;

  @ApiPropertyOptional({ maxLength: 200, description: 'Free text without control characters' })
  @IsOptional()
  @IsFreeText({ max: 200 })
  reference?: string;
}
