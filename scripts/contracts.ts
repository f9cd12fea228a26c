// `npm run contracts`: writes the AsyncAPI catalogue and each new event version's JSON Schema
// under contracts/, and refuses to touch a published schema (stored events were written to it).
import { relative } from 'node:path';
import { planContractFiles, writeContractFiles } from '@ledger/contracts';

const plan = planContractFiles();
if (plan.frozen.length > 0) {
  process.stderr.write(`${plan.frozen.join('\n\n')}\n\nNothing was written.\n`);
  process.exit(1);
}
writeContractFiles(plan);
for (const { file } of plan.writes) process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
if (plan.writes.length === 0) process.stdout.write('contracts/ is up to date\n');
