import * as z from "zod/mini";
import "./zod-config";
import { parseRoleRules } from "./auth/role-patterns";
import { checkGmailAccounts, GmailAccountsShape } from "./gmail/accounts";
import type { MailboxApi } from "./gmail/mailbox-api";
import type { RecipientApi } from "./gmail/recipient-api";
import { jsonText } from "./json-text";
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
  RECIPIENTS: Namespace<RecipientApi>;
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

/** A comma-separated list, each item trimmed (and lower-cased unless `keepCase`), empty ones dropped. */
const commaList = (keepCase = false) =>
  z.pipe(
    z._default(z.string(), ""),
    z.transform((s) =>
      s
        .split(",")
        .map((x) => (keepCase ? x.trim() : x.trim().toLowerCase()))
        .filter(Boolean),
    ),
  );

const list = commaList();

const optionalText = z.pipe(
  z.optional(z.string().check(z.trim())),
  z.transform((v) => v || undefined),
);

/** A URL, or nothing when unset or empty. */
const optionalUrl = (params?: Parameters<typeof z.url>[0]) =>
  z.union([
    z.optional(z.url(params)),
    z.pipe(
      z.literal(""),
      z.transform(() => undefined),
    ),
  ]);

/**
 * The bootstrap token committed in .dev.vars.example. Anyone can read it, so staging and production
 * refuse to start with it.
 */
export const EXAMPLE_API_TOKEN = "dev-token-change-me-0123456789";

const roleRules = z.pipe(
  z._default(z.string(), ""),
  z.transform((text, ctx) => {
    const parsed = parseRoleRules(text);
    if (parsed.ok) return parsed.rules;
    for (const problem of parsed.problems)
      ctx.issues.push({ code: "custom", message: problem, input: text });
    return z.NEVER;
  }),
);

const modelId = z
  .string()
  .check(
    z.regex(/^claude-[a-z0-9.-]+$/, "must be an Anthropic model id such as claude-sonnet-5-5"),
  );

/** A whole number from a var's text, within [min, max], `fallback` when unset. */
const intVar = (min: number, max: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);

export const ConfigSchema = z
  .object({
    ENVIRONMENT: z._default(
      z.enum(["development", "test", "staging", "production"]),
      "development",
    ),
    PARLEY_API_TOKEN: z
      .string({ error: "PARLEY_API_TOKEN is required (wrangler secret put PARLEY_API_TOKEN)" })
      .check(z.minLength(16, "PARLEY_API_TOKEN must be at least 16 characters")),
    MAIL_FROM: z.email({ error: "MAIL_FROM must be the address Parley sends from" }),
    MAIL_FROM_NAME: z._default(z.string().check(z.minLength(1)), "Parley"),
    BRAND_NAME: z.string().check(z.minLength(1, "BRAND_NAME is required")),
    TEAM_DOMAINS: list,
    /**
     * authserv-ids of our own receiving side (Cloudflare Email Routing, Gmail): only the topmost
     * Authentication-Results / ARC-Authentication-Results written by one of these is believed.
     */
    TRUSTED_AUTHSERV_IDS: z.pipe(
      z._default(z.string(), "mx.cloudflare.net,mx.google.com"),
      z.transform((s) =>
        s
          .split(",")
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
    KNOWN_AGENCY_DOMAINS: list,
    ESCALATION_KEYWORDS: list,
    PAYMENT_TERMS: z._default(
      z.string().check(z.minLength(1)),
      "Net 30 after the content goes live",
    ),
    SENTRY_DSN: optionalUrl(),
    MAX_EMAIL_BYTES: z._default(z.coerce.number().check(z.int(), z.positive()), 2 * 1024 * 1024),
    ANTHROPIC_API_KEY: optionalText,
    ANTHROPIC_BASE_URL: optionalUrl(),
    ANTHROPIC_READER_MODEL: z._default(modelId, "claude-haiku-5-5"),
    ANTHROPIC_WRITER_MODEL: z._default(modelId, "claude-sonnet-5-5"),
    ANTHROPIC_READER_MAX_TOKENS: intVar(256, 8192, 1024),
    ANTHROPIC_WRITER_MAX_TOKENS: intVar(256, 8192, 1500),
    ANTHROPIC_READER_EFFORT: z._default(z.enum(MODEL_EFFORTS), "low"),
    ANTHROPIC_WRITER_EFFORT: z._default(z.enum(MODEL_EFFORTS), "medium"),
    ANTHROPIC_TIMEOUT_MS: intVar(1000, 300_000, 30_000),
    ANTHROPIC_MAX_ATTEMPTS: intVar(1, 10, 4),
    /** How long replies wait for an unavailable model before a person is asked to read them. */
    MODEL_UNAVAILABLE_ESCALATE_MINUTES: intVar(1, 10_080, 60),
    /** First retry delay of a failed side effect; doubles per attempt, with jitter. */
    EFFECT_RETRY_BASE_SECONDS: intVar(0, 600, 5),
    /** Outgoing mail: Cloudflare Email (default, no account needed locally) or the team's Gmail. */
    MAIL_TRANSPORT: z._default(z.enum(["cloudflare", "gmail"]), "cloudflare"),
    GMAIL_CLIENT_ID: optionalText,
    GMAIL_CLIENT_SECRET: optionalText,
    GMAIL_REFRESH_TOKEN: optionalText,
    GMAIL_USER: z._default(z.string().check(z.minLength(1)), "me"),
    /** Gmail accounts of their own for pool addresses (src/gmail/accounts.ts); unset, GMAIL_USER alone. */
    ...GmailAccountsShape,
    GMAIL_API_BASE_URL: z._default(z.url(), "https://gmail.googleapis.com"),
    GOOGLE_TOKEN_URL: z._default(z.url(), "https://oauth2.googleapis.com/token"),
    /** Pub/Sub topic Gmail pushes to, e.g. projects/acme/topics/parley-gmail. */
    GMAIL_PUSH_TOPIC: optionalText,
    /** Gmail inbound: the Pub/Sub push subscription's OIDC audience (usually the webhook URL). */
    GMAIL_PUSH_AUDIENCE: optionalText,
    /** The service account the push subscription signs its OIDC tokens as. */
    GMAIL_PUSH_SERVICE_ACCOUNT: z.pipe(
      optionalText,
      z.optional(z.email("GMAIL_PUSH_SERVICE_ACCOUNT must be a service account email")),
    ),
    GOOGLE_JWKS_URL: z._default(z.url(), "https://www.googleapis.com/oauth2/v3/certs"),
    /** Send discipline, per sending mailbox: an exact daily cap (UTC day) on emails sent. */
    MAILBOX_DAILY_CAP: intVar(1, 100_000, 500),
    /**
     * At most this many emails to one creator address per UTC day, across negotiations: a brake on
     * loops and over-eager outreach, high enough never to stall a lively negotiation.
     */
    CREATOR_DAILY_CAP: intVar(1, 100, 10),
    /** Minimum gap between two sends from one mailbox; each gap adds up to 50% random jitter. */
    SEND_GAP_SECONDS: intVar(0, 3600, 20),
    /**
     * The sending pool (JSON array): `[{"address": "…", "dailyCap"?: n, "gapSeconds"?: n,
     * "retired"?: true}]`, each mailbox with its own cap, spacing and bounce pause; unset, MAIL_FROM
     * alone. Campaigns use every one unless they name theirs. A retired mailbox finishes its
     * threads (it still sends and reads them) and takes no new negotiation. With Gmail, each
     * address is a send-as alias of GMAIL_USER unless GMAIL_ACCOUNTS gives it an account of its own.
     */
    SENDING_MAILBOXES: z.pipe(
      z.transform(jsonText),
      z.optional(
        z
          .array(
            z.strictObject({
              address: z.email({ error: "each sending mailbox needs an email address" }),
              dailyCap: z.optional(z.int().check(z.gte(1), z.lte(100_000))),
              gapSeconds: z.optional(z.int().check(z.gte(0), z.lte(3600))),
              retired: z.optional(z.boolean()),
            }),
            {
              error:
                'SENDING_MAILBOXES must be a JSON array such as [{"address": "deals@brand.example"}]',
            },
          )
          .check(
            z.minLength(1),
            z.maxLength(200),
            z.refine(
              (list) => new Set(list.map((m) => m.address.toLowerCase())).size === list.length,
              "SENDING_MAILBOXES lists an address twice",
            ),
            z.refine(
              (list) => list.some((m) => m.retired !== true),
              "SENDING_MAILBOXES needs at least one mailbox that is not retired",
            ),
          ),
      ),
    ),
    /** Bounces per sent email (over the last 7 days) above which the mailbox pauses. */
    BOUNCE_PAUSE_RATE: z._default(z.coerce.number().check(z.gte(0), z.lte(1)), 0.05),
    /** The bounce rate only counts once the mailbox has sent this many emails in the window. */
    BOUNCE_MIN_SENDS: intVar(1, 100_000, 20),
    /** Slack (optional): a bot token turns on Slack notifications and interactivity. */
    SLACK_BOT_TOKEN: optionalText,
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_API_BASE_URL: z._default(z.url(), "https://slack.com/api"),
    /** Where Slack's response_url callbacks may point; anything else is refused. */
    SLACK_RESPONSE_URL_ORIGIN: z._default(z.url(), "https://hooks.slack.com"),
    /** The only Slack workspace (team id) whose requests are accepted. */
    SLACK_TEAM_ID: optionalText,
    /** Slack user ids allowed to act; empty allows everyone in the workspace. */
    SLACK_ALLOWED_USER_IDS: commaList(true),
    SLACK_CHANNEL_ESCALATIONS: optionalText,
    SLACK_CHANNEL_APPROVALS: optionalText,
    SLACK_CHANNEL_AGREEMENTS: optionalText,
    /**
     * Cloudflare Access (people): the team domain (https://<team>.cloudflareaccess.com, the JWT
     * issuer; its keys are at /cdn-cgi/access/certs) and the application's AUD tag. Both or neither.
     */
    ACCESS_TEAM_DOMAIN: z.pipe(
      optionalUrl({
        error: "ACCESS_TEAM_DOMAIN must be a URL such as https://acme.cloudflareaccess.com",
      }),
      z.transform((v) => v?.replace(/\/+$/, "")),
    ),
    ACCESS_AUD: optionalText,
    /** People's roles: `pattern=role`, comma-separated; the pattern an email or `*@domain`. */
    ACCESS_ROLES: roleRules,
    ...SourcesConfigShape,
    /** Public URL of the dashboard, for links in notifications. */
    DASHBOARD_URL: optionalUrl(),
  })
  .check(
    z.superRefine((c, ctx) => {
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
      for (const key of [
        "GMAIL_CLIENT_ID",
        "GMAIL_CLIENT_SECRET",
        "GMAIL_REFRESH_TOKEN",
      ] as const) {
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
    }),
  );

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
