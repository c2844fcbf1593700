import * as z from "zod";
import { parseRoleRules } from "./auth/role-patterns";
import { checkGmailAccounts, GmailAccountsShape } from "./gmail/accounts";
import type { MailboxApi } from "./gmail/mailbox-api";
import type { NegotiationApi } from "./negotiation/api";
import type { CampaignBudgetApi } from "./negotiation/budget-api";
import { MODEL_EFFORTS } from "./ports/model-usage";
import type { EffectQueues } from "./queues/routes";
import { checkSourcesConfig, SourcesConfigShape } from "./sources/config";

/** A Durable Object namespace typed by the object's RPC interface, never by its class. */
type Namespace<Api> = DurableObjectNamespace<Api & Rpc.DurableObjectBranded>;

/**
 * Bindings declared in wrangler.toml. Vars and secrets are parsed by `ConfigSchema`. The effect
 * queues (`QUEUE_EMAILS`, `QUEUE_NOTIFICATIONS`, `QUEUE_PROJECTIONS`) each take the messages
 * `src/queues/routes.ts` routes to them, built from the queues' schema. The objects
 * are typed by their RPC interfaces (`*-api.ts`), so this file imports no object class and what
 * the classes import never leads back here.
 */
export interface Env extends EffectQueues {
  DB: D1Database;
  NEGOTIATIONS: Namespace<NegotiationApi>;
  BUDGETS: Namespace<CampaignBudgetApi>;
  MAILBOXES: Namespace<MailboxApi>;
  EMAIL: SendEmail;
  METRICS?: AnalyticsEngineDataset;
  /** Per identity on /api/* (wrangler.toml `[[ratelimits]]`). */
  RATE_LIMIT_API?: RateLimit;
  /** Per source IP, counting requests that failed to authenticate. */
  RATE_LIMIT_AUTH?: RateLimit;
  /** Per source IP on /webhooks/*, before any signature is checked. */
  RATE_LIMIT_WEBHOOKS?: RateLimit;
  [key: string]: unknown;
}

const list = z
  .string()
  .default("")
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim().toLowerCase())
      .filter(Boolean),
  );

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

/** A var holding JSON (a string from .dev.vars or a secret; already parsed from wrangler.toml). */
const jsonText = (value: unknown): unknown => {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
};

/**
 * The bootstrap token committed in .dev.vars.example. Anyone can read it, so staging and production
 * refuse to start with it.
 */
export const EXAMPLE_API_TOKEN = "dev-token-change-me-0123456789";

const roleRules = z
  .string()
  .default("")
  .transform((text, ctx) => {
    const parsed = parseRoleRules(text);
    if (parsed.ok) return parsed.rules;
    for (const problem of parsed.problems) ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  });

const modelId = z
  .string()
  .regex(/^claude-[a-z0-9.-]+$/, "must be an Anthropic model id such as claude-sonnet-5-5");

export const ConfigSchema = z
  .object({
    ENVIRONMENT: z.enum(["development", "test", "staging", "production"]).default("development"),
    PARLEY_API_TOKEN: z
      .string({ error: "PARLEY_API_TOKEN is required (wrangler secret put PARLEY_API_TOKEN)" })
      .min(16, "PARLEY_API_TOKEN must be at least 16 characters"),
    MAIL_FROM: z.email({ error: "MAIL_FROM must be the address Parley sends from" }),
    MAIL_FROM_NAME: z.string().min(1).default("Parley"),
    BRAND_NAME: z.string().min(1, "BRAND_NAME is required"),
    TEAM_DOMAINS: list,
    /**
     * authserv-ids of our own receiving side (Cloudflare Email Routing, Gmail): only the topmost
     * Authentication-Results / ARC-Authentication-Results written by one of these is believed.
     */
    TRUSTED_AUTHSERV_IDS: z
      .string()
      .default("mx.cloudflare.net,mx.google.com")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    KNOWN_AGENCY_DOMAINS: list,
    ESCALATION_KEYWORDS: list,
    PAYMENT_TERMS: z.string().min(1).default("Net 30 after the content goes live"),
    SENTRY_DSN: z
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    MAX_EMAIL_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(2 * 1024 * 1024),
    ANTHROPIC_API_KEY: optionalText,
    ANTHROPIC_BASE_URL: z
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
    ANTHROPIC_READER_MODEL: modelId.default("claude-haiku-5-5"),
    ANTHROPIC_WRITER_MODEL: modelId.default("claude-sonnet-5-5"),
    ANTHROPIC_READER_MAX_TOKENS: z.coerce.number().int().min(256).max(8192).default(1024),
    ANTHROPIC_WRITER_MAX_TOKENS: z.coerce.number().int().min(256).max(8192).default(1500),
    ANTHROPIC_READER_EFFORT: z.enum(MODEL_EFFORTS).default("low"),
    ANTHROPIC_WRITER_EFFORT: z.enum(MODEL_EFFORTS).default("medium"),
    ANTHROPIC_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(30_000),
    ANTHROPIC_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
    /** How long replies wait for an unavailable model before a person is asked to read them. */
    MODEL_UNAVAILABLE_ESCALATE_MINUTES: z.coerce.number().int().min(1).max(10_080).default(60),
    /** First retry delay of a failed side effect; doubles per attempt, with jitter. */
    EFFECT_RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
    /** Outgoing mail: Cloudflare Email (default, no account needed locally) or the team's Gmail. */
    MAIL_TRANSPORT: z.enum(["cloudflare", "gmail"]).default("cloudflare"),
    GMAIL_CLIENT_ID: optionalText,
    GMAIL_CLIENT_SECRET: optionalText,
    GMAIL_REFRESH_TOKEN: optionalText,
    GMAIL_USER: z.string().min(1).default("me"),
    /** Gmail accounts of their own for pool addresses (src/gmail/accounts.ts); unset, GMAIL_USER alone. */
    ...GmailAccountsShape,
    GMAIL_API_BASE_URL: z.url().default("https://gmail.googleapis.com"),
    GOOGLE_TOKEN_URL: z.url().default("https://oauth2.googleapis.com/token"),
    /** Pub/Sub topic Gmail pushes to, e.g. projects/acme/topics/parley-gmail. */
    GMAIL_PUSH_TOPIC: optionalText,
    /** Gmail inbound: the Pub/Sub push subscription's OIDC audience (usually the webhook URL). */
    GMAIL_PUSH_AUDIENCE: optionalText,
    /** The service account the push subscription signs its OIDC tokens as. */
    GMAIL_PUSH_SERVICE_ACCOUNT: optionalText.pipe(
      z.email("GMAIL_PUSH_SERVICE_ACCOUNT must be a service account email").optional(),
    ),
    GOOGLE_JWKS_URL: z.url().default("https://www.googleapis.com/oauth2/v3/certs"),
    /** Send discipline, per sending mailbox: an exact daily cap (UTC day) on emails sent. */
    MAILBOX_DAILY_CAP: z.coerce.number().int().min(1).max(100_000).default(500),
    /**
     * At most this many emails to one creator address per UTC day, across negotiations: a brake on
     * loops and over-eager outreach, high enough never to stall a lively negotiation.
     */
    CREATOR_DAILY_CAP: z.coerce.number().int().min(1).max(100).default(10),
    /** Minimum gap between two sends from one mailbox; each gap adds up to 50% random jitter. */
    SEND_GAP_SECONDS: z.coerce.number().int().min(0).max(3600).default(20),
    /**
     * The sending pool (JSON array): `[{"address": "…", "dailyCap"?: n, "gapSeconds"?: n}]`, each
     * mailbox with its own cap, spacing and bounce pause; unset, MAIL_FROM alone. Campaigns use
     * every one unless they name theirs. With Gmail, each address is a send-as alias of GMAIL_USER
     * unless GMAIL_ACCOUNTS gives it an account of its own.
     */
    SENDING_MAILBOXES: z.preprocess(
      jsonText,
      z
        .array(
          z.strictObject({
            address: z.email({ error: "each sending mailbox needs an email address" }),
            dailyCap: z.number().int().min(1).max(100_000).optional(),
            gapSeconds: z.number().int().min(0).max(3600).optional(),
          }),
          {
            error:
              'SENDING_MAILBOXES must be a JSON array such as [{"address": "deals@brand.example"}]',
          },
        )
        .min(1)
        .max(200)
        .refine(
          (list) => new Set(list.map((m) => m.address.toLowerCase())).size === list.length,
          "SENDING_MAILBOXES lists an address twice",
        )
        .optional(),
    ),
    /** Bounces per sent email (over the last 7 days) above which the mailbox pauses. */
    BOUNCE_PAUSE_RATE: z.coerce.number().min(0).max(1).default(0.05),
    /** The bounce rate only counts once the mailbox has sent this many emails in the window. */
    BOUNCE_MIN_SENDS: z.coerce.number().int().min(1).max(100_000).default(20),
    /** Slack (optional): a bot token turns on Slack notifications and interactivity. */
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_BASE_URL: z.url().default("https://slack.com/api"),
    /** Where Slack's response_url callbacks may point; anything else is refused. */
    SLACK_RESPONSE_URL_ORIGIN: z.url().default("https://hooks.slack.com"),
    /** The only Slack workspace (team id) whose requests are accepted. */
    SLACK_TEAM_ID: optionalText,
    /** Slack user ids allowed to act; empty allows everyone in the workspace. */
    SLACK_ALLOWED_USER_IDS: z
      .string()
      .default("")
      .transform((s) =>
        s
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    SLACK_CHANNEL_ESCALATIONS: optionalText,
    SLACK_CHANNEL_APPROVALS: optionalText,
    SLACK_CHANNEL_AGREEMENTS: optionalText,
    /**
     * Cloudflare Access (people): the team domain (https://<team>.cloudflareaccess.com, the JWT
     * issuer; its keys are at /cdn-cgi/access/certs) and the application's AUD tag. Both or neither.
     */
    ACCESS_TEAM_DOMAIN: z
      .url({ error: "ACCESS_TEAM_DOMAIN must be a URL such as https://acme.cloudflareaccess.com" })
      .optional()
      .or(z.literal("").transform(() => undefined))
      .transform((v) => v?.replace(/\/+$/, "")),
    ACCESS_AUD: optionalText,
    /** People's roles: `pattern=role`, comma-separated; the pattern an email or `*@domain`. */
    ACCESS_ROLES: roleRules,
    ...SourcesConfigShape,
    /** Public URL of the dashboard, for links in notifications. */
    DASHBOARD_URL: z
      .url()
      .optional()
      .or(z.literal("").transform(() => undefined)),
  })
  .superRefine((c, ctx) => {
    checkSourcesConfig(c, ctx);
    const deployed = c.ENVIRONMENT === "staging" || c.ENVIRONMENT === "production";
    if (deployed && c.PARLEY_API_TOKEN === EXAMPLE_API_TOKEN)
      ctx.addIssue({
        code: "custom",
        path: ["PARLEY_API_TOKEN"],
        message: `PARLEY_API_TOKEN is the committed example; set your own (wrangler secret put PARLEY_API_TOKEN) in ${c.ENVIRONMENT}`,
      });
    if (Boolean(c.ACCESS_TEAM_DOMAIN) !== Boolean(c.ACCESS_AUD)) {
      const missing = c.ACCESS_TEAM_DOMAIN ? "ACCESS_AUD" : "ACCESS_TEAM_DOMAIN";
      ctx.addIssue({
        code: "custom",
        path: [missing],
        message: `${missing} is required with ${missing === "ACCESS_AUD" ? "ACCESS_TEAM_DOMAIN" : "ACCESS_AUD"}: Cloudflare Access needs both`,
      });
    }
    if (deployed && c.ACCESS_TEAM_DOMAIN && !c.ACCESS_TEAM_DOMAIN.startsWith("https://"))
      ctx.addIssue({
        code: "custom",
        path: ["ACCESS_TEAM_DOMAIN"],
        message: "ACCESS_TEAM_DOMAIN must be https",
      });
    if (c.SLACK_BOT_TOKEN) {
      const needed = [
        "SLACK_SIGNING_SECRET",
        "SLACK_TEAM_ID",
        "SLACK_CHANNEL_ESCALATIONS",
        "SLACK_CHANNEL_APPROVALS",
        "SLACK_CHANNEL_AGREEMENTS",
      ] as const;
      for (const key of needed) {
        if (!c[key])
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `${key} is required when SLACK_BOT_TOKEN is set`,
          });
      }
    }
    checkGmailAccounts(c, ctx);
    if (c.MAIL_TRANSPORT !== "gmail") return;
    for (const key of ["GMAIL_CLIENT_ID", "GMAIL_CLIENT_SECRET", "GMAIL_REFRESH_TOKEN"] as const) {
      if (!c[key])
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} is required when MAIL_TRANSPORT is gmail (wrangler secret put ${key})`,
        });
    }
    for (const key of ["GMAIL_PUSH_AUDIENCE", "GMAIL_PUSH_SERVICE_ACCOUNT"] as const) {
      if (!c[key])
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${key} is required when MAIL_TRANSPORT is gmail (a var in wrangler.toml)`,
        });
    }
  });

export type Config = z.infer<typeof ConfigSchema> & {
  /** Domain of MAIL_FROM; replies to our plus-addresses arrive here. */
  mailDomain: string;
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

const cache = new WeakMap<object, ConfigResult>();

/** Parses vars and secrets once per environment object. Fails closed: callers refuse to serve on problems. */
export function loadConfig(env: Env): ConfigResult {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = ConfigSchema.safeParse(env);
  const result: ConfigResult = parsed.success
    ? {
        ok: true,
        config: {
          ...parsed.data,
          mailDomain: parsed.data.MAIL_FROM.split("@")[1] ?? "",
        },
      }
    : {
        ok: false,
        problems: parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`),
      };
  cache.set(env, result);
  return result;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join("; ")}`);
  }
}

export function requireConfig(env: Env): Config {
  const result = loadConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}
