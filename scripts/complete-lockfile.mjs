// Adds lockfile entries for the other platforms' optional native packages (@swc/core-*,
// @unrs/resolver-binding-*). The registry this project installs from serves only some platforms'
// builds, so npm leaves the rest out of package-lock.json, and `npm ci` then rejects the lockfile
// as out of sync. Entries that name their os/cpu are skipped on other machines without a fetch.
// Run after any `npm install`: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const osOf = (name) =>
  ['darwin', 'win32', 'android', 'freebsd', 'openharmony', 'linux', 'sunos', 'aix'].find((os) =>
    name.includes(`-${os}-`),
  );
const cpuOf = (name) => {
  const suffix = name.split(/-(?:darwin|win32|android|freebsd|openharmony|linux|sunos|aix)-/)[1] ?? '';
  const cpu = suffix.split('-')[0];
  return {
    arm: 'arm',
    arm64: 'arm64',
    x64: 'x64',
    ia32: 'ia32',
    ppc64: 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
  }[cpu];
};
const libcOf = (name) => (name.includes('musl') ? 'musl' : name.includes('-gnu') ? 'glibc' : undefined);

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  const parentDir = path === '' ? '' : `${path}/`;
  for (const [dep, range] of Object.entries(entry.optionalDependencies)) {
    const os = osOf(dep);
    const cpu = cpuOf(dep);
    if (!os || !cpu) continue;
    const nested = `${parentDir}node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (packages[nested] || packages[hoisted]) continue;
    const version = range.replace(/^[\^~=]/, '');
    const libc = libcOf(dep);
    packages[hoisted] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [os],
      cpu: [cpu],
      ...(libc && os === 'linux' ? { libc: [libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} platform entries`);
