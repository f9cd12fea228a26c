import {
  accountDecider,
  isAccountCommand,
  onStepFailed,
  transferDecider,
  transferWorkflow,
  type AccountState,
  type LedgerCommand,
  type LedgerEvent,
  type TransferState,
  type WorkflowStep,
} from '@ledger/domain';

/**
 * Streams in memory, each command decided on its stream's folded state: the smallest stand-in
 * for the event store that lets workflow tests run the real deciders. No concurrency control:
 * steps run one at a time, in whatever order the test chooses.
 */
export class InMemoryLedger {
  private readonly streams = new Map<string, LedgerEvent[]>();
  private readonly accounts = new Map<string, AccountState>();
  private readonly transfers = new Map<string, TransferState>();
  /** Every event in append order, like `$all`. */
  readonly all: LedgerEvent[] = [];

  account(streamName: string): AccountState {
    return this.accounts.get(streamName) ?? accountDecider.initialState();
  }

  transfer(streamName: string): TransferState {
    return this.transfers.get(streamName) ?? transferDecider.initialState();
  }

  events(streamName: string): readonly LedgerEvent[] {
    return this.streams.get(streamName) ?? [];
  }

  /** Decides the command on its stream and appends the result; domain errors propagate. */
  execute(streamName: string, command: LedgerCommand): LedgerEvent[] {
    if (isAccountCommand(command)) {
      const events = accountDecider.decide(command, this.account(streamName));
      this.accounts.set(streamName, events.reduce(accountDecider.evolve, this.account(streamName)));
      return this.append(streamName, events);
    }
    const events = transferDecider.decide(command, this.transfer(streamName));
    this.transfers.set(streamName, events.reduce(transferDecider.evolve, this.transfer(streamName)));
    return this.append(streamName, events);
  }

  private append(streamName: string, events: LedgerEvent[]): LedgerEvent[] {
    this.streams.set(streamName, [...this.events(streamName), ...events]);
    this.all.push(...events);
    return events;
  }
}

export type StepFailure = { step: WorkflowStep; error: unknown };

/** Runs the pure transfer workflow against an InMemoryLedger, one step at a time. */
export class TransferWorkflowDriver {
  /** Steps produced but not yet run; the test chooses which runs next. */
  readonly pending: WorkflowStep[] = [];
  /** Steps that threw and that onStepFailed could not settle (a real consumer would park them). */
  readonly failures: StepFailure[] = [];

  constructor(private readonly ledger: InMemoryLedger) {}

  /** Delivers an event to the workflow (again, to simulate at-least-once delivery). */
  handle(event: LedgerEvent): void {
    this.pending.push(...transferWorkflow(event));
  }

  /** Runs a client command on the ledger and delivers its events; domain errors propagate. */
  submit(streamName: string, command: LedgerCommand): LedgerEvent[] {
    const events = this.ledger.execute(streamName, command);
    events.forEach((event) => this.handle(event));
    return events;
  }

  /** Runs and removes `pending[index]`; its events (or its recovery steps) feed the workflow. */
  runStep(index: number): void {
    const [step] = this.pending.splice(index, 1);
    if (step === undefined) throw new RangeError(`no pending step at ${index}`);
    try {
      this.submit(step.streamName, step.command);
    } catch (error) {
      const recovery = onStepFailed(step, error);
      if (recovery.length === 0) this.failures.push({ step, error });
      this.pending.push(...recovery);
    }
  }

  /** Runs pending steps, in the order `pick` chooses, until none is left or `maxSteps` ran. */
  runAll(pick: (pendingCount: number) => number = () => 0, maxSteps = 10_000): void {
    for (let ran = 0; this.pending.length > 0; ran++) {
      if (ran >= maxSteps) throw new Error(`workflow still has steps after ${maxSteps}`);
      this.runStep(pick(this.pending.length) % this.pending.length);
    }
  }
}
