import { dirname, posix, relative } from 'node:path';

/** `@ledger/<lib>` in compiled code: the specifier of a static import, re-export or import(). */
const LEDGER_SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])@ledger\/([a-z0-9-]+)\2/g;

/**
 * Rewrites `@ledger/<lib>` (tsconfig paths, which Node does not read) into a relative path to
 * the library's compiled index, so compiled files run with plain `node`.
 * `file` and `libsDir` are paths in the compiled tree.
 */
export function rewriteLedgerImports(code: string, file: string, libsDir: string): string {
  return code.replace(LEDGER_SPECIFIER, (_match, before: string, quote: string, lib: string) => {
    let target = relative(dirname(file), `${libsDir}/${lib}/src/index.js`).split('\\').join(posix.sep);
    if (!target.startsWith('.')) target = `./${target}`;
    return `${before}${quote}${target}${quote}`;
  });
}
