import type {
  Message,
  MessageCreateParamsNonStreaming,
} from "@anthropic-ai/sdk/resources/messages/messages";
import {
  type ModelEffort,
  ModelRequestError,
  ModelUnavailableError,
  type ModelUsage,
} from "../../ports/model-usage";

export type { ModelEffort };

export interface AnthropicOptions {
  apiKey: string;
  baseURL?: string | undefined;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** Base delay of the exponential backoff, in milliseconds. */
  backoffMs?: number;
  fetch?: typeof fetch;
  onUsage?: (usage: ModelUsage) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

/** Seconds or an HTTP date in Retry-After, as milliseconds; null when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  const value = headers?.get("retry-after-ms") ?? null;
  if (value && Number.isFinite(Number(value))) return Number(value);
  const after = headers?.get("retry-after");
  if (!after) return null;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Full-jitter backoff; an overloaded API (529) backs off four times longer. Capped at 30 s. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  overloaded: boolean,
  random: number,
): number {
  const ceiling = Math.min(30_000, baseMs * 2 ** (attempt - 1) * (overloaded ? 4 : 1));
  return Math.round(ceiling / 2 + random * (ceiling / 2));
}

type Sdk = typeof import("./sdk");
let sdkModule: Promise<Sdk> | undefined;
/** The SDK module (`./sdk.ts`), evaluated on the first model call instead of at start-up. */
const loadSdk = (): Promise<Sdk> => {
  sdkModule ??= import("./sdk");
  return sdkModule;
};

/**
 * The Anthropic SDK with our retry policy: Retry-After honoured on 429, longer backoff on 529,
 * timeouts and connection errors retried, 400/401/403/404 failing fast. Usage is reported per call.
 */
export class AnthropicClient {
  private sdk: InstanceType<Sdk["MessagesClient"]> | undefined;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: AnthropicOptions) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.backoffBaseMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
  }

  private async connect(): Promise<[Sdk, InstanceType<Sdk["MessagesClient"]>]> {
    const sdk = await loadSdk();
    this.sdk ??= new sdk.MessagesClient({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseURL ?? null,
      timeout: this.options.timeoutMs ?? 30_000,
      maxRetries: 0,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    });
    return [sdk, this.sdk];
  }

  async create(
    call: ModelUsage["call"],
    params: MessageCreateParamsNonStreaming,
  ): Promise<Message> {
    const [{ APIConnectionError, APIError }, sdk] = await this.connect();
    for (let attempt = 1; ; attempt++) {
      try {
        const message = await sdk.messages.create(params);
        const u = message.usage;
        this.options.onUsage?.({
          call,
          model: params.model,
          inputTokens: u.input_tokens,
          cacheReadTokens: u.cache_read_input_tokens ?? 0,
          cacheCreationTokens: u.cache_creation_input_tokens ?? 0,
          outputTokens: u.output_tokens,
          attempts: attempt,
        });
        return message;
      } catch (error) {
        const status = error instanceof APIError ? error.status : undefined;
        // Connection trouble, a garbled body and 408/409/429/5xx/529 are passing; other HTTP
        // statuses (bad key, unknown model, invalid request) will fail the same way again.
        const retryable =
          error instanceof APIConnectionError ||
          !(error instanceof APIError) ||
          (status !== undefined && RETRYABLE_STATUS.has(status));
        if (!retryable) {
          throw new ModelRequestError(
            `Anthropic API refused the request (${status ?? "no status"}): ${errorText(error)}`,
            status,
          );
        }
        if (attempt >= this.maxAttempts) {
          throw new ModelUnavailableError(
            `Anthropic API unavailable after ${attempt} attempts: ${errorText(error)}`,
          );
        }
        const headers =
          error instanceof APIError ? (error.headers as Headers | undefined) : undefined;
        const overloaded = status === 529 || /overloaded/i.test(errorText(error));
        const wait =
          retryAfterMs(headers) ??
          backoffMs(attempt, this.backoffBaseMs, overloaded, this.random());
        await this.sleep(Math.min(wait, 60_000));
      }
    }
  }

  /** Whether a model id exists for this key (for /ready); throws when the API cannot say. */
  async modelExists(model: string): Promise<boolean> {
    const [{ APIError }, sdk] = await this.connect();
    try {
      await sdk.models.retrieve(model);
      return true;
    } catch (error) {
      if (error instanceof APIError && error.status === 404) return false;
      throw error;
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
}
