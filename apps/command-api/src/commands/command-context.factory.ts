import { Injectable } from '@nestjs/common';
import { type CommandContext, derivedIdFor, requestHashOf } from '@ledger/event-store';
import { Clock } from './clock.js';
import type { CommandRequest } from './command-request.js';

/** Turns the HTTP side of a command into the context its events carry. */
@Injectable()
export class CommandContextFactory {
  constructor(private readonly clock: Clock) {}

  /** `streamName` is the command's target: one key names another command on another stream. */
  create(request: CommandRequest, commandType: string, payload: object, streamName: string): CommandContext {
    const { idempotencyKey, expectedRevision, actor } = request;
    return {
      commandId: derivedIdFor({ actor, idempotencyKey }, `command:${streamName}`),
      correlationId: request.correlationId,
      ...(request.traceparent !== undefined ? { traceparent: request.traceparent } : {}),
      actor: request.actor,
      issuedAt: this.clock.now().toISOString(),
      ...(idempotencyKey !== undefined
        ? { idempotencyKey, requestHash: requestHashOf(commandType, payload) }
        : {}),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    };
  }
}
