import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsMinorUnits } from '../../commands/amount.validation.js';

export class WithdrawMoneyDto {
  @ApiProperty({ description: 'Minor units (cents), positive, at most MAX_AMOUNT', example: 1500 })
  @IsMinorUnits()
  amount: number;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reference?: string;
}
