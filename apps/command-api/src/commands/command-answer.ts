import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { CommandOutcome } from '@ledger/event-store';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

export class CommandAnswerDto {
  @ApiProperty({ description: 'Stream revision after the command (also the ETag)', example: 3 })
  revision: number;

  @ApiProperty({
    description: 'Commit position of the last event written, decimal (also X-Commit-Position)',
    example: '18446',
  })
  position: string;
}

export type CommandAnswer = { revision: number; position: string };

export function answerOf(outcome: CommandOutcome): CommandAnswer {
  return { revision: Number(outcome.revision), position: outcome.position.toString() };
}

/** Mirrors the answer in headers: ETag = revision, X-Commit-Position = position (read-your-writes). */
@Injectable()
export class CommandAnswerHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer: CommandAnswer) => {
        reply.header('ETag', `"${answer.revision}"`);
        reply.header('X-Commit-Position', answer.position);
        return answer;
      }),
    );
  }
}
