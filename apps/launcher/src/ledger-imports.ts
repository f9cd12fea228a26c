import { dirname, posix, relative } from 'node:path';

/** Where each workspace scope's packages live, as folders of the repository (and of its build). */
const SCOPES: Readonly<Record<string, string>> = { '@ledger': 'libs', '@embedded-servers': 'servers' };

/** `@ledger/<lib>` or `@embedded-servers/<pkg>` in compiled code: a static import, re-export or import(). */
const WORKSPACE_SPECIFIER =
  /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(@ledger|@embedded-servers)\/([a-z0-9-]+)\2/g;

/**
 * Rewrites `@ledger/<lib>` (tsconfig paths, which Node does not read) and `@embedded-servers/<pkg>`
 * (workspaces whose package.json points at TypeScript sources) into a relative path to the
 * package's compiled index, so compiled files run with plain `node`.
 * `file` and `outDir` (the compiled tree's root) are paths in the compiled tree.
 */
export function rewriteLedgerImports(code: string, file: string, outDir: string): string {
  return code.replace(
    WORKSPACE_SPECIFIER,
    (_match, before: string, quote: string, scope: string, name: string) => {
      const index = `${outDir}/${SCOPES[scope]}/${name}/src/index.js`;
      let target = relative(dirname(file), index).split('\\').join(posix.sep);
      if (!target.startsWith('.')) target = `./${target}`;
      return `${before}${quote}${target}${quote}`;
    },
  );
}
