import fc from 'fast-check';
import {
  accountStreamName,
  DomainError,
  transferStreamName,
  transferWorkflow,
  type AccountCommand,
  type LedgerCommand,
} from '@ledger/domain';
import { InMemoryLedger, NOW, TransferWorkflowDriver } from '@ledger/testing';

const ACCOUNT_COUNT = 5;
const accountId = (i: number) => `acct-${i}`;

type AccountSetup = {
  exists: boolean;
  currency: string;
  deposit: number;
  overdraftLimit: number;
  status: 'open' | 'frozen' | 'closed';
};
type TransferRequest = { from: number; to: number; amount: number };
type OperatorAction = { type: 'FreezeAccount' | 'UnfreezeAccount' | 'CloseAccount'; account: number };

// Weighted so that most transfers can go through, while every rejection path still shows up.
const accountSetup: fc.Arbitrary<AccountSetup> = fc.record({
  exists: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  currency: fc.oneof(
    { arbitrary: fc.constant('EUR'), weight: 4 },
    { arbitrary: fc.constant('USD'), weight: 1 },
  ),
  deposit: fc.oneof(
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 10_000 }), weight: 5 },
  ),
  overdraftLimit: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })),
  status: fc.oneof(
    { arbitrary: fc.constant('open' as const), weight: 6 },
    { arbitrary: fc.constant('frozen' as const), weight: 1 },
    { arbitrary: fc.constant('closed' as const), weight: 1 },
  ),
});
const accountIndex = fc.integer({ min: 0, max: ACCOUNT_COUNT - 1 });
const transferRequest: fc.Arbitrary<TransferRequest> = fc.record({
  from: accountIndex,
  to: accountIndex,
  amount: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 4_000 })),
});
const operatorAction: fc.Arbitrary<OperatorAction> = fc.record({
  type: fc.constantFrom('FreezeAccount', 'UnfreezeAccount', 'CloseAccount'),
  account: accountIndex,
});

const setUp = (driver: TransferWorkflowDriver, setups: AccountSetup[]): void => {
  setups.forEach((s, i) => {
    if (!s.exists) return;
    const id = accountId(i);
    const run = (command: AccountCommand) => driver.submit(accountStreamName(id), command);
    run({
      type: 'OpenAccount',
      data: {
        accountId: id,
        ownerId: 'owner',
        currency: s.currency,
        overdraftLimit: s.overdraftLimit,
        now: NOW,
      },
    });
    if (s.status === 'closed') return void run({ type: 'CloseAccount', data: { accountId: id, now: NOW } });
    if (s.deposit > 0) run({ type: 'DepositMoney', data: { accountId: id, amount: s.deposit, now: NOW } });
    if (s.status === 'frozen') run({ type: 'FreezeAccount', data: { accountId: id, now: NOW } });
  });
};

const balancesByCurrency = (ledger: InMemoryLedger): Record<string, number> => {
  const sums: Record<string, number> = {};
  for (let i = 0; i < ACCOUNT_COUNT; i++) {
    const state = ledger.account(accountStreamName(accountId(i)));
    if (state.status !== 'none') sums[state.currency] = (sums[state.currency] ?? 0) + state.balance;
  }
  return sums;
};

describe('transfers between accounts in any state, run in any interleaving', () => {
  it('all settle, and move money only as completed transfers say', () => {
    fc.assert(
      fc.property(
        fc.array(accountSetup, { minLength: ACCOUNT_COUNT, maxLength: ACCOUNT_COUNT }),
        fc.array(transferRequest, { maxLength: 12 }),
        fc.array(operatorAction, { maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        (setups, requests, operatorActions, picks) => {
          const ledger = new InMemoryLedger();
          const driver = new TransferWorkflowDriver(ledger);
          setUp(driver, setups);
          const initialBalances = Array.from(
            { length: ACCOUNT_COUNT },
            (_, i) => ledger.account(accountStreamName(accountId(i))).balance,
          );
          const initialSums = balancesByCurrency(ledger);

          // Client commands (transfer requests, operator freezes/closes) compete with workflow steps.
          const clientCommands: { streamName: string; command: LedgerCommand }[] = [
            ...requests.map((r, n) => ({
              streamName: transferStreamName(`t${n}`),
              command: {
                type: 'RequestTransfer',
                data: {
                  transferId: `t${n}`,
                  fromAccountId: accountId(r.from),
                  toAccountId: accountId(r.to),
                  amount: r.amount,
                  // The command API takes it from the source account (an unknown one is a 404 there).
                  currency: setups[r.from]!.currency,
                  fromOwnerId: 'owner',
                  now: NOW,
                },
              } as const,
            })),
            ...operatorActions.map((a) => ({
              streamName: accountStreamName(accountId(a.account)),
              command: { type: a.type, data: { accountId: accountId(a.account), now: NOW } } as const,
            })),
          ];
          let cursor = 0;
          const next = () => picks[cursor++] ?? 0;
          let redeliveries = 10; // at-least-once delivery: some events reach the workflow twice
          while (clientCommands.length + driver.pending.length > 0) {
            const delivered = ledger.all.filter((e) => transferWorkflow(e).length > 0);
            const canRedeliver = redeliveries > 0 && delivered.length > 0;
            const choice = next() % (clientCommands.length + driver.pending.length + (canRedeliver ? 1 : 0));
            if (choice < clientCommands.length) {
              const [{ streamName, command }] = clientCommands.splice(choice, 1) as [
                (typeof clientCommands)[number],
              ];
              try {
                driver.submit(streamName, command);
              } catch (error) {
                if (!(error instanceof DomainError)) throw error; // a refused client command changes nothing
              }
            } else if (choice < clientCommands.length + driver.pending.length) {
              driver.runStep(choice - clientCommands.length);
            } else {
              redeliveries--;
              driver.handle(delivered[next() % delivered.length]!);
            }
          }

          expect(driver.failures).toEqual([]);
          const expected = [...initialBalances];
          requests.forEach((r, n) => {
            const transfer = ledger.transfer(transferStreamName(`t${n}`));
            if (r.from === r.to) return expect(transfer.status).toBe('none'); // refused at request
            expect(['completed', 'rejected', 'failed']).toContain(transfer.status);
            if (transfer.status === 'completed') {
              expected[r.from]! -= r.amount;
              expected[r.to]! += r.amount;
            }
          });
          for (let i = 0; i < ACCOUNT_COUNT; i++) {
            const state = ledger.account(accountStreamName(accountId(i)));
            expect(state.balance).toBe(expected[i]);
            expect(state.balance).toBeGreaterThanOrEqual(-state.overdraftLimit);
            expect(state.pendingDebits).toEqual({}); // every transfer settled
            if (state.status === 'closed') expect(state.balance).toBe(0);
          }
          expect(balancesByCurrency(ledger)).toEqual(initialSums);

          // A consumer that lost its checkpoint replays everything: the ledger must not change.
          const settled = ledger.all.length;
          [...ledger.all].forEach((event) => driver.handle(event));
          driver.runAll();
          expect(driver.failures).toEqual([]);
          expect(ledger.all.length).toBe(settled);
        },
      ),
      { numRuns: 150 },
    );
  });
});
