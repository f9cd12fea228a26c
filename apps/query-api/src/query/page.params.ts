import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 500;

/** Query strings carry text: a whole number becomes one, anything else stays text and fails @IsInt. */
export const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d{1,16}$/.test(value) ? Number(value) : value;

/** Ids are UUIDs with one spelling, as the command API stores them. */
export const toLowerCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.toLowerCase() : value;

/** `limit` and `cursor`, shared by every list; the rest of a list's parameters shape its filter. */
export class PageParams {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })
  @IsOptional()
  @Transform(toInteger)
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  limit: number = 100;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page, as given' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,1024}\.[A-Za-z0-9_-]{22}$/, {
    message: 'cursor must be a cursor this API handed out',
  })
  cursor?: string;
}

/** The parameters that shape a list's result (the cursor's fingerprint), without paging ones. */
export function shapingParams(params: PageParams): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...shaping } = params as PageParams & Record<string, unknown>;
  return shaping;
}
