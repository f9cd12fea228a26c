import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { LowercaseUuid } from '../commands/uuid.transform.js';

export class AccountIdParams {
  @ApiProperty({ format: 'uuid' })
  @LowercaseUuid()
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}
