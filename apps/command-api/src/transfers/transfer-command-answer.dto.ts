import { ApiProperty } from '@nestjs/swagger';
import { CommandAnswerDto } from '../commands/command-answer.js';

export class TransferCommandAnswerDto extends CommandAnswerDto {
  @ApiProperty({ format: 'uuid' })
  transferId: string;
}
