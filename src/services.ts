import { AnthropicEmailWriter } from "./adapters/anthropic/email-writer";
import { AnthropicReplyReader } from "./adapters/anthropic/reply-reader";
import { CloudflareMailer } from "./adapters/cloudflare-email/mailer";
import { D1AuditSink } from "./adapters/d1/audit-sink";
import { GmailApi } from "./adapters/gmail/api";
import { GmailAccountsMailer, GmailMailer } from "./adapters/gmail/mailer";
import { GoogleTokenSource } from "./adapters/gmail/token-source";
import { OfflineEmailWriter } from "./adapters/offline/email-writer";
import { OfflineNotifier } from "./adapters/offline/notifier";
import { OfflineReplyReader } from "./adapters/offline/reply-reader";
import { SlackNotifier } from "./adapters/slack/notifier";
import { type Config, type Env, requireConfig } from "./env";
import { accountForSender, type GmailAccount, hasExtraAccounts } from "./gmail/accounts";
import { knowledgeFor, READING_GUIDE } from "./knowledge";
import { recordAuditMetric } from "./observability/metrics";
import type { AuditSink } from "./ports/audit-sink";
import type { EmailWriter } from "./ports/email-writer";
import type { Mailer } from "./ports/mailer";
import type { ModelUsage } from "./ports/model-usage";
import type { Notifier } from "./ports/notifier";
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
  /** Slack with a bot token; otherwise the dashboard's inbox alone. */
  notifier: Notifier;
  audit: AuditSink;
}

export interface ServiceHooks {
  onUsage?: (usage: ModelUsage) => void;
  fetch?: typeof fetch;
}

export function createServices(env: Env, hooks: ServiceHooks = {}): Services {
  const config = requireConfig(env);
  const mailer = createMailer(env, config, hooks.fetch);
  const notifier = createNotifier(env, config);
  const audit = createAuditSink(env);
  const apiKey = config.ANTHROPIC_API_KEY;
  if (!apiKey) {
    return {
      config,
      language: "offline",
      reader: (receivedOn) =>
        new OfflineReplyReader({ referenceDate: receivedOn, keywords: config.ESCALATION_KEYWORDS }),
      writer: new OfflineEmailWriter(),
      mailer,
      notifier,
      audit,
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
  const readerOptions = {
    ...common,
    model: config.ANTHROPIC_READER_MODEL,
    maxTokens: config.ANTHROPIC_READER_MAX_TOKENS,
    effort: config.ANTHROPIC_READER_EFFORT,
    keywords: config.ESCALATION_KEYWORDS,
    guide: READING_GUIDE,
  };
  return {
    config,
    language: "claude",
    // The day the email arrived: relative return dates ("back Monday") resolve against it.
    reader: (receivedOn) =>
      new AnthropicReplyReader({ ...readerOptions, referenceDate: receivedOn }),
    writer: new AnthropicEmailWriter({
      ...common,
      model: config.ANTHROPIC_WRITER_MODEL,
      maxTokens: config.ANTHROPIC_WRITER_MAX_TOKENS,
      effort: config.ANTHROPIC_WRITER_EFFORT,
      knowledge: knowledgeFor,
    }),
    mailer,
    notifier,
    audit,
  };
}

/** Where notifications go besides the dashboard's inbox: Slack when it is configured. */
export function createNotifier(env: Env, config: Config): Notifier {
  return config.SLACK_BOT_TOKEN ? new SlackNotifier(env.DB, config) : new OfflineNotifier();
}

/**
 * The audit trail. Needs no configuration: security events are recorded even while the Worker
 * refuses to serve for a missing secret. Each new event is also a metric (Analytics Engine).
 */
export function createAuditSink(env: Env): AuditSink {
  return new D1AuditSink(env.DB, (event) => recordAuditMetric(env.METRICS, event));
}

/** Token sources live per isolate (one per account's refresh token), reused until they expire. */
const tokenSources = new Map<string, GoogleTokenSource>();

function createMailer(env: Env, config: Config, fetchImpl?: typeof fetch): Mailer {
  if (config.MAIL_TRANSPORT !== "gmail") return new CloudflareMailer(env.EMAIL);
  if (!hasExtraAccounts(config))
    return new GmailMailer(gmailApi(config, accountForSender(config, config.MAIL_FROM), fetchImpl));
  // Each email goes out through the account its From address belongs to.
  const mailers = new Map<string, GmailMailer>();
  return new GmailAccountsMailer((from) => {
    const account = accountForSender(config, from);
    let mailer = mailers.get(account.name);
    if (!mailer) {
      mailer = new GmailMailer(gmailApi(config, account, fetchImpl));
      mailers.set(account.name, mailer);
    }
    return mailer;
  });
}

/**
 * One Gmail account of the deployment (the default, GMAIL_USER, or one of GMAIL_ACCOUNTS), with
 * its own access token reused per isolate until it expires: a token one account cannot get
 * leaves the others alone.
 */
export function gmailApi(
  config: Config,
  account: GmailAccount,
  fetchImpl?: typeof fetch,
): GmailApi {
  const { GMAIL_CLIENT_ID: clientId, GMAIL_CLIENT_SECRET: clientSecret } = config;
  const { refreshToken } = account;
  if (!clientId || !clientSecret || !refreshToken) throw new Error("Gmail is not configured");
  const key = `${clientId}|${refreshToken}`;
  let tokens = tokenSources.get(key);
  if (!tokens) {
    tokens = new GoogleTokenSource({
      clientId,
      clientSecret,
      refreshToken,
      tokenUrl: config.GOOGLE_TOKEN_URL,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
    tokenSources.set(key, tokens);
  }
  return new GmailApi({
    tokens,
    apiBaseUrl: config.GMAIL_API_BASE_URL,
    user: account.user,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
