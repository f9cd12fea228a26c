import { Injectable } from '@nestjs/common';
import { type CommandContext, derivedIdFor, requestHashOf } from '@ledger/event-store';
import { Clock } from './clock.js';
import type { CommandRequest } from './command-request.js';

/** Turns the HTTP side of a command into the context its events carry. */
@Injectable()
export class CommandContextFactory {
  constructor(private readonly clock: Clock) {}

  create(request: CommandRequest, commandType: string, payload: object): CommandContext {
    const { idempotencyKey, expectedRevision } = request;
    return {
      commandId: derivedIdFor(idempotencyKey, 'command'),
      correlationId: request.correlationId,
      actor: request.actor,
      issuedAt: this.clock.now().toISOString(),
      ...(idempotencyKey !== undefined
        ? { idempotencyKey, requestHash: requestHashOf(commandType, payload) }
        : {}),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    };
  }
}
