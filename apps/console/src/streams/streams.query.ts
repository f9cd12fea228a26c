import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class ListStreamsQuery {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  prefix?: string;
}

export class StreamParams {
  @IsString()
  @Matches(/^[^$\s][^\s]{0,499}$/, {
    message: 'stream must be a stream name (no spaces, not a system stream)',
  })
  stream: string;
}

export class ReadEventsQuery {
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'from must be a revision' })
  from?: string;

  @IsOptional()
  @Transform(toInteger)
  @Max(1_000)
  @Min(1)
  @IsInt()
  limit?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  raw?: 'true' | 'false';
}

export class TimeTravelQuery {
  @Matches(/^\d{1,19}$/, { message: 'revision must be a revision' })
  revision: string;
}
