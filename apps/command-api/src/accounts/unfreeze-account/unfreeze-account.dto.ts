import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsFreeText } from '../../commands/free-text.validation.js';

export class UnfreezeAccountDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Free text without control characters' })
  @IsOptional()
  @IsFreeText({ max: 500 })
  reason?: string;
}
