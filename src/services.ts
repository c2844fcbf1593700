import { CloudflareMailer } from "./adapters/cloudflare-email/mailer";
import { OfflineEmailWriter } from "./adapters/offline/email-writer";
import { OfflineReplyReader } from "./adapters/offline/reply-reader";
import { type Config, type Env, requireConfig } from "./env";
import type { EmailWriter } from "./ports/email-writer";
import type { Mailer } from "./ports/mailer";
import type { ReplyReader } from "./ports/reply-reader";

/** The adapters behind each port, chosen from configuration once per isolate and environment. */
export interface Services {
  config: Config;
  /** Readers resolve relative dates ("back Monday") against the day the mail arrived. */
  reader(receivedOn: string): ReplyReader;
  writer: EmailWriter;
  mailer: Mailer;
}

export function createServices(env: Env): Services {
  const config = requireConfig(env);
  return {
    config,
    reader: (receivedOn) =>
      new OfflineReplyReader({ referenceDate: receivedOn, keywords: config.ESCALATION_KEYWORDS }),
    writer: new OfflineEmailWriter(),
    mailer: new CloudflareMailer(env.EMAIL),
  };
}
