import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsUUID } from 'class-validator';
import { toLowerCase } from './page.params.js';

/** `:id` of an account or a transfer: a UUID, in its one lower-case spelling. */
export class IdParams {
  @ApiProperty({ format: 'uuid' })
  @Transform(toLowerCase)
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
