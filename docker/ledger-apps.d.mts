export type LedgerAppName = 'command-api' | 'query-api' | 'projectors' | 'console';
export interface LedgerApp {
  main: string;
  port: string;
  defaultPort: number;
}
export const LEDGER_APPS: Record<LedgerAppName, LedgerApp>;
export function chosenApp(env?: Record<string, string | undefined>): LedgerApp & {
  name: LedgerAppName;
  listensOn: number;
};
