import { AnthropicEmailWriter } from "./adapters/anthropic/email-writer";
import { AnthropicReplyReader } from "./adapters/anthropic/reply-reader";
import { CloudflareMailer } from "./adapters/cloudflare-email/mailer";
import { OfflineEmailWriter } from "./adapters/offline/email-writer";
import { OfflineReplyReader } from "./adapters/offline/reply-reader";
import { type Config, type Env, requireConfig } from "./env";
import { knowledgeFor, READING_GUIDE } from "./knowledge";
import type { EmailWriter } from "./ports/email-writer";
import type { Mailer } from "./ports/mailer";
import type { ModelUsage } from "./ports/model-usage";
import type { ReplyReader } from "./ports/reply-reader";

/** The adapters behind each port, chosen from configuration. */
export interface Services {
  config: Config;
  /** Which language layer is in use: Claude with an API key, the offline rules without. */
  language: "claude" | "offline";
  /** Readers resolve relative dates ("back Monday") against the day the mail arrived. */
  reader(receivedOn: string): ReplyReader;
  writer: EmailWriter;
  mailer: Mailer;
}

export interface ServiceHooks {
  onUsage?: (usage: ModelUsage) => void;
  fetch?: typeof fetch;
}

export function createServices(env: Env, hooks: ServiceHooks = {}): Services {
  const config = requireConfig(env);
  const mailer = new CloudflareMailer(env.EMAIL);
  const apiKey = config.ANTHROPIC_API_KEY;
  if (!apiKey) {
    return {
      config,
      language: "offline",
      reader: (receivedOn) =>
        new OfflineReplyReader({ referenceDate: receivedOn, keywords: config.ESCALATION_KEYWORDS }),
      writer: new OfflineEmailWriter(),
      mailer,
    };
  }
  const common = {
    apiKey,
    baseURL: config.ANTHROPIC_BASE_URL,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
    maxAttempts: config.ANTHROPIC_MAX_ATTEMPTS,
    ...(hooks.onUsage ? { onUsage: hooks.onUsage } : {}),
    ...(hooks.fetch ? { fetch: hooks.fetch } : {}),
  };
  const reader = new AnthropicReplyReader({
    ...common,
    model: config.ANTHROPIC_READER_MODEL,
    maxTokens: config.ANTHROPIC_READER_MAX_TOKENS,
    effort: config.ANTHROPIC_READER_EFFORT,
    keywords: config.ESCALATION_KEYWORDS,
    guide: READING_GUIDE,
  });
  return {
    config,
    language: "claude",
    reader: () => reader,
    writer: new AnthropicEmailWriter({
      ...common,
      model: config.ANTHROPIC_WRITER_MODEL,
      maxTokens: config.ANTHROPIC_WRITER_MAX_TOKENS,
      effort: config.ANTHROPIC_WRITER_EFFORT,
      knowledge: knowledgeFor,
    }),
    mailer,
  };
}
