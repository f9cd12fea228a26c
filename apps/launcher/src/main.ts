// `npm start`: the whole system on one machine, each part its own process of compiled JavaScript.
import { runLauncher } from './launcher.js';
import { readLauncherConfig } from './launcher.config.js';
import { repositoryRoot } from './process-entries.js';

const root = repositoryRoot(import.meta.dirname);
try {
  await runLauncher(readLauncherConfig(process.env, process.argv.slice(2), process.cwd()), root);
} catch (error) {
  // Bad input (a variable, the key file, clashing ports) gets its message, not a stack trace.
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
