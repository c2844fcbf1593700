import { AnthropicClient } from "../adapters/anthropic/client";
import type { Config } from "../env";

const TTL_MS = 5 * 60_000;
const cache = new Map<string, { at: number; result: { ok: boolean; detail?: string } }>();

/**
 * Whether the configured model ids exist for this API key (a wrong id once made every reply fail).
 * Cached per isolate for five minutes so /ready stays cheap.
 */
export async function checkModels(
  config: Config,
  fetchImpl?: typeof fetch,
): Promise<{ ok: boolean; detail?: string } | null> {
  if (!config.ANTHROPIC_API_KEY) return null;
  const models = [...new Set([config.ANTHROPIC_READER_MODEL, config.ANTHROPIC_WRITER_MODEL])];
  const key = `${config.ANTHROPIC_BASE_URL ?? ""}|${models.join(",")}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.result;
  const client = new AnthropicClient({
    apiKey: config.ANTHROPIC_API_KEY,
    baseURL: config.ANTHROPIC_BASE_URL,
    maxAttempts: 1,
    timeoutMs: 5000,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  let result: { ok: boolean; detail?: string };
  try {
    const unknown: string[] = [];
    for (const model of models) if (!(await client.modelExists(model))) unknown.push(model);
    result = unknown.length
      ? { ok: false, detail: `unknown model id: ${unknown.join(", ")}` }
      : { ok: true };
  } catch (error) {
    result = {
      ok: false,
      detail: `could not reach the Anthropic API: ${error instanceof Error ? error.message.slice(0, 200) : "error"}`,
    };
  }
  cache.set(key, { at: Date.now(), result });
  return result;
}
