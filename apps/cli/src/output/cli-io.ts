import type { Environment } from '@ledger/http';

/** Where a run of the CLI reads and writes: the process's streams, or a test's buffers. */
export interface CliIo {
  env: Environment;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Resolves when the user asks to stop (Ctrl-C) a command that runs until then. */
  interrupted: Promise<void>;
}

/** JSON with bigints as decimal strings, as the HTTP APIs write positions. */
export const toJson = (value: unknown, indent?: number): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' || isLong(v) ? String(v) : v), indent);

/** MongoDB's Int64 (positions in documents) prints as its decimal value. */
const isLong = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { _bsontype?: unknown })._bsontype === 'Long';

export const printJson = (io: CliIo, value: unknown): void => {
  io.stdout.write(`${toJson(value, 2)}\n`);
};

/** A value as one short table cell. */
export const cell = (value: unknown, width = 60): string => {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : toJson(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
};

/** Plain aligned columns: readable in a terminal, and no dependency for it. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
