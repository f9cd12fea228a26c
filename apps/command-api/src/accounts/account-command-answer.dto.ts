import { ApiProperty } from '@nestjs/swagger';
import { CommandAnswerDto } from '../commands/command-answer.js';

export class AccountCommandAnswerDto extends CommandAnswerDto {
  @ApiProperty({ format: 'uuid' })
  accountId: string;
}
