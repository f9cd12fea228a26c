import { type ChildServer, startChildServer } from '@embedded-servers/storage';
export type { ChildServer } from '@embedded-servers/storage';

/** What an app's main.ts logs once it listens: `{"msg":"listening","url":"http://…"}`. */
const APP_LISTENING = /"url":"(http:\/\/[^"]+)"/;

/** An app (`apps/<name>/src/main.ts`) as a real process, and the URL it listens on. */
export async function startAppProcess(
  script: string,
  env: Readonly<Record<string, string>>,
  // An app compiles through the TypeScript loader as it starts: past 20 s on a busy 2-core machine.
  readyTimeoutMs = 60_000,
): Promise<{ server: ChildServer; url: string }> {
  const server = await startChildServer({ script, args: [], ready: APP_LISTENING, env, readyTimeoutMs });
  // Fastify may report the IPv6 loopback; clients here dial IPv4.
  return { server, url: server.ready[1]!.replace('[::1]', '127.0.0.1') };
}
