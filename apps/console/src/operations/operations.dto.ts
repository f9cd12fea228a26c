import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class ParkedQuery {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  consumer: string;

  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class ParkedStreamParams {
  @IsString() @IsNotEmpty() @MaxLength(200) consumer: string;
  @IsString() @IsNotEmpty() @MaxLength(500) stream: string;
  @IsIn(['retry', 'skip']) action: 'retry' | 'skip';
}

export class RebuildBody {
  @IsString()
  @Matches(/^[\w.-]{1,100}$/, { message: 'readModel must be a read model name' })
  readModel: string;
}

export class RebuildParams {
  @IsString()
  @Matches(/^[\w.:-]{1,100}$/, { message: 'id must be a rebuild id' })
  id: string;
}
