// Docker's HEALTHCHECK, with node rather than curl (the slim image has none): healthy while the
// app answers /ready, i.e. it serves and reaches its servers.
import { chosenApp } from './ledger-apps.mjs';
/* global fetch, AbortSignal -- Node 20+ has both */

const { listensOn } = chosenApp();
try {
  const response = await fetch(`http://127.0.0.1:${listensOn}/ready`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
