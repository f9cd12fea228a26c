import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ParkedEventsQuery {
  @ApiProperty({ description: 'Consumer name (see /status)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  consumer: string;

  @ApiPropertyOptional({ description: 'Only this stream' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  stream?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Transform(toInteger)
  @Max(500)
  @Min(1)
  @IsInt()
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class ParkedStreamParams {
  @ApiProperty() @IsString() @IsNotEmpty() consumer: string;
  @ApiProperty() @IsString() @IsNotEmpty() stream: string;
}
