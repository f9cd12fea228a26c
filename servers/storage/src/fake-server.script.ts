// A stand-in server for the harness's tests: `--fail` exits with code 3 before it is ready,
// `--silent` never gets ready; otherwise it prints its ready line and stops with code 0 on
// SIGTERM or SIGINT, saying which.
const args = process.argv.slice(2);
if (args.includes('--fail')) {
  console.error('cannot start: --fail given');
  process.exit(3);
}
const keepAlive = setInterval(() => undefined, 60_000);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    console.log(`${signal} received, stopping`);
    clearInterval(keepAlive);
    process.exit(0);
  });
}
if (!args.includes('--silent'))
  console.log(`connect with fake://${process.env['FAKE_HOST'] ?? 'localhost'}:${process.pid}`);
