import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { PageParams } from '../../query/page.params.js';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class DailyTotalsParams extends PageParams {
  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ description: 'First UTC day, YYYY-MM-DD (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a day, YYYY-MM-DD' })
  @Matches(DAY, { message: 'from must be a day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ description: 'Last UTC day, YYYY-MM-DD (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a day, YYYY-MM-DD' })
  @Matches(DAY, { message: 'to must be a day, YYYY-MM-DD' })
  to?: string;
}
