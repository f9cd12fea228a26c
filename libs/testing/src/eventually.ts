/**
 * Polls until `probe` answers something other than undefined or false, or fails after the
 * deadline: the way every test waits on a condition (never a bare sleep). A probe answers either
 * the value it waited for (`found ?? undefined`) or whether the condition holds (`count === 3`).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
