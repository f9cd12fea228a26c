import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { sortValues } from '../../pagination/page-order.js';
import { PageParams, toInteger, toLowerCase } from '../../query/page.params.js';

/** The sorts `GET /accounts` offers, each backed by an index of the account-summary read model. */
export const ACCOUNT_SORTS = {
  id: { field: '_id', kind: 'string' },
  balance: { field: 'balance', kind: 'number', changes: true },
  openedAt: { field: 'openedAt', kind: 'date' },
} as const;

export class ListAccountsParams extends PageParams {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Transform(toLowerCase)
  @IsUUID('all', { message: 'ownerId must be a UUID' })
  ownerId?: string;

  @ApiPropertyOptional({ enum: ['open', 'frozen', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'frozen', 'closed'])
  status?: 'open' | 'frozen' | 'closed';

  @ApiPropertyOptional({ example: 'EUR' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @ApiPropertyOptional({ description: 'Minor units, inclusive' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  minBalance?: number;

  @ApiPropertyOptional({ description: 'Minor units, inclusive' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  maxBalance?: number;

  @ApiPropertyOptional({ description: 'Opened at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedFrom?: string;

  @ApiPropertyOptional({ description: 'Opened before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  openedTo?: string;

  @ApiPropertyOptional({ enum: sortValues(ACCOUNT_SORTS), default: 'id' })
  @IsOptional()
  @IsIn(sortValues(ACCOUNT_SORTS))
  sort: string = 'id';
}
