// The apps as the image runs them: where `npm run build` puts each entry point, and which
// variable names its port (the same names as `npm start` and the apps' settings schemas).
export const LEDGER_APPS = {
  'command-api': {
    main: 'dist/js/apps/command-api/src/main.js',
    port: 'COMMAND_API_PORT',
    defaultPort: 3000,
  },
  'query-api': {
    main: 'dist/js/apps/query-api/src/main.js',
    port: 'QUERY_API_PORT',
    defaultPort: 3001,
  },
  projectors: {
    main: 'dist/js/apps/projectors/src/main.js',
    port: 'PROJECTORS_PORT',
    defaultPort: 3002,
  },
  console: {
    main: 'dist/js/apps/console/src/main.js',
    port: 'CONSOLE_PORT',
    defaultPort: 3003,
  },
};

/** The app this container runs: `LEDGER_APP` (the image's build argument `APP` sets it). */
export function chosenApp(env = process.env) {
  const name = env.LEDGER_APP;
  const app = LEDGER_APPS[name];
  if (!app) {
    throw new Error(
      `LEDGER_APP must be one of ${Object.keys(LEDGER_APPS).join(', ')}; got ${JSON.stringify(name)}`,
    );
  }
  return { name, ...app, listensOn: Number(env[app.port] || app.defaultPort) };
}
