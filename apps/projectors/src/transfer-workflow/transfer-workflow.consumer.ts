import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { type ConsumedEvent, type ConsumerDefinition, eventByEvent } from '@ledger/consumers';
import {
  accountDecider,
  isAccountCommand,
  type LedgerEvent,
  onStepFailed,
  transferDecider,
  transferStreamName,
  transferWorkflow,
  type WorkflowStep,
} from '@ledger/domain';
import { type CommandPipeline, StreamBusyError } from '@ledger/event-store';
import { workflowStepContext } from './workflow-step.context.js';

const TRIGGERS = [
  'TransferRequested',
  'TransferDebited',
  'TransferDebitRejected',
  'TransferCredited',
  'TransferCreditRejected',
  'TransferRefunded',
] as const;
type Trigger = (typeof TRIGGERS)[number];

/** Steps that move money: never run again for a transfer that has already ended. */
const MOVES_MONEY = new Set<string>(['TransferRequested', 'TransferDebited', 'TransferCreditRejected']);

export const TRANSFER_WORKFLOW = 'transfer-workflow';

/**
 * The transfer process manager as a consumer: each transfer event goes to the domain's pure
 * `transferWorkflow`, and the commands that follow run through the same load–decide–append
 * pipeline as the command API, keyed by the triggering event (so a redelivery moves no money
 * twice). A missing account is settled by `onStepFailed`; any other failure is retried, then
 * parked, holding the transfer's later events behind it.
 */
export function transferWorkflowConsumer(
  pipeline: CommandPipeline,
  now: () => Date = () => new Date(),
): ConsumerDefinition<LedgerEvent> {
  const run = (step: WorkflowStep, trigger: ConsumedEvent<LedgerEvent>, place: string) => {
    const context = workflowStepContext(trigger, step, place, now());
    const { streamName, command } = step;
    return isAccountCommand(command)
      ? pipeline.handle(accountDecider, { streamName, command, context })
      : pipeline.handle(transferDecider, { streamName, command, context });
  };
  const hasEnded = async (transferId: string) => {
    const ended = (status: string) => status !== 'none' && status !== 'requested';
    const state = await pipeline.inspect(transferDecider, transferStreamName(transferId), (s) =>
      ended(s.status),
    );
    return ended(state.status);
  };
  return {
    name: TRANSFER_WORKFLOW,
    filter: { by: 'eventType', prefixes: ['Transfer'] },
    handler: eventByEvent<LedgerEvent, Trigger>({
      handles: TRIGGERS,
      ignores: ['TransferCompleted', 'TransferRejected', 'TransferFailed', 'TransferDebitSettled'],
      async handle(trigger) {
        if (MOVES_MONEY.has(trigger.event.type) && (await hasEnded(trigger.event.data.transferId))) return;
        for (const [index, step] of transferWorkflow(
          trigger.event,
          trigger.recordedAt.toISOString(),
        ).entries()) {
          try {
            await run(step, trigger, String(index));
          } catch (error) {
            const recovery = onStepFailed(step, error);
            if (recovery.length === 0) throw error;
            for (const [r, next] of recovery.entries()) await run(next, trigger, `${index}.recovery-${r}`);
          }
        }
      },
      isTransient: (error) =>
        error instanceof UnavailableError ||
        error instanceof DeadlineExceededError ||
        error instanceof StreamBusyError,
    }),
  };
}
