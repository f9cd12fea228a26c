import { rewriteLedgerImports } from './ledger-imports.js';

describe('compiled @ledger imports', () => {
  const file = '/out/apps/command-api/src/accounts/open.handler.js';

  it('point at the library’s compiled index, relative to the importing file', () => {
    const code = [
      'import { Money } from "@ledger/domain";',
      "export * from '@ledger/event-store';",
      'const http = await import("@ledger/http");',
      'import "@ledger/read-models";',
      "import { startEventStore } from '@embedded-servers/eventstore';",
    ].join('\n');
    expect(rewriteLedgerImports(code, file, '/out').split('\n')).toEqual([
      'import { Money } from "../../../../libs/domain/src/index.js";',
      "export * from '../../../../libs/event-store/src/index.js';",
      'const http = await import("../../../../libs/http/src/index.js");',
      'import "../../../../libs/read-models/src/index.js";',
      "import { startEventStore } from '../../../../servers/eventstore/src/index.js';",
    ]);
  });

  it('leave other packages and strings that merely mention a library alone', () => {
    const code = 'import { Logger } from "@nestjs/common";\nconst s = "@ledger/domain";';
    expect(rewriteLedgerImports(code, file, '/out')).toBe(code);
  });

  it('stay relative within the libraries themselves', () => {
    expect(
      rewriteLedgerImports('export * from "@ledger/domain";', '/out/libs/testing/src/index.js', '/out'),
    ).toBe('export * from "../../domain/src/index.js";');
  });
});
