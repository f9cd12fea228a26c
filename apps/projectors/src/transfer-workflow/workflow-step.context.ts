import type { ConsumedEvent } from '@ledger/consumers';
import type { LedgerEvent, WorkflowStep } from '@ledger/domain';
import { type CommandContext, derivedIdFor, requestHashOf } from '@ledger/event-store';
import { parseTraceparent } from '@ledger/http';

/** The principal the workflow acts as: the `actor` of every event it appends. */
export const TRANSFER_WORKFLOW_ACTOR = 'transfer-workflow';

/**
 * A step's command context. Its Idempotency-Key is the triggering event's id and the step's
 * place, so a redelivered event runs the same keyed commands, which append nothing new; its
 * events carry the trigger's correlation id and trace context, and have the trigger as their cause.
 */
export function workflowStepContext(
  trigger: ConsumedEvent<LedgerEvent>,
  step: WorkflowStep,
  place: string,
  now: Date,
): CommandContext {
  const idempotencyKey = `${trigger.id}:${place}`;
  const actor = TRANSFER_WORKFLOW_ACTOR;
  const { correlationId, traceparent } = trigger.metadata;
  return {
    commandId: derivedIdFor({ actor, idempotencyKey }, `command:${step.streamName}`),
    correlationId: typeof correlationId === 'string' ? correlationId : trigger.id,
    causationId: trigger.id,
    ...(parseTraceparent(traceparent) ? { traceparent: traceparent as string } : {}),
    actor,
    issuedAt: now.toISOString(),
    idempotencyKey,
    requestHash: requestHashOf(step.command.type, step.command.data),
  };
}
