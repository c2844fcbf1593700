import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type TestProjectInlineConfiguration } from "vitest/config";

/** The `[[ratelimits]]` bindings of wrangler.toml, with their namespace ids. */
const RATE_LIMITS = [
  ["RATE_LIMIT_API", "1001"],
  ["RATE_LIMIT_AUTH", "1002"],
  ["RATE_LIMIT_WEBHOOKS", "1003"],
] as const;
type RateLimitName = (typeof RATE_LIMITS)[number][0];

/**
 * A workerd project: the Worker from wrangler.toml with local bindings, outgoing mail going to a
 * local sink that records it and can inject transport faults, and D1 migrations applied.
 */
function workerd(
  name: string,
  include: string[],
  options: {
    bindings?: (inject: <T>(key: string) => T) => Record<string, string>;
    globalSetup?: string[];
    /** Files share one fake server whose state they read: run them one after another. */
    sequential?: boolean;
    /** Rate limits of the project; by default far above what any test sends. */
    ratelimits?: Record<RateLimitName, number>;
  } = {},
): TestProjectInlineConfiguration {
  return {
    plugins: [
      cloudflareTest(async ({ inject }) => ({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // A stand-in for the built dashboard (web/dist), so the tests need no build: they check
          // how the Worker routes between assets and itself, not the app.
          assets: { directory: "./test/fixtures/assets" },
          email: { send_email: [] },
          serviceBindings: {
            EMAIL: { name: "mail-sink", entrypoint: "MailSink" },
            MAIL_SINK: { name: "mail-sink", entrypoint: "MailSink" },
          },
          ratelimits: Object.fromEntries(
            RATE_LIMITS.map(([name, namespace]) => [
              name,
              {
                namespace_id: namespace,
                simple: { limit: options.ratelimits?.[name] ?? 1_000_000, period: 60 },
              },
            ]),
          ),
          workers: [
            {
              name: "mail-sink",
              modules: true,
              scriptPath: "./test/integration/mail-sink.mjs",
              compatibilityDate: "2026-10-23",
            },
          ],
          bindings: {
            ENVIRONMENT: "test",
            EFFECT_RETRY_BASE_SECONDS: "0",
            // Tests send many emails at once; spacing between sends is tested in "discipline".
            SEND_GAP_SECONDS: "0",
            PARLEY_API_TOKEN: "test-token-0123456789abcdef",
            TEST_MIGRATIONS: await readD1Migrations("./migrations"),
            ...options.bindings?.(inject as <T>(key: string) => T),
          },
        },
      })),
    ],
    test: {
      name,
      include,
      setupFiles: ["test/integration/apply-migrations.ts"],
      testTimeout: 30_000,
      ...(options.globalSetup ? { globalSetup: options.globalSetup } : {}),
      ...(options.sequential ? { fileParallelism: false } : {}),
    },
  };
}

/**
 * Mirrors wrangler.toml's `Text` rule for `*.md` in the Node project: a Markdown import is its
 * text. (The workerd projects get the rule from wrangler.toml through the Cloudflare plugin.)
 */
const markdownAsText = (): Plugin => ({
  name: "markdown-as-text",
  enforce: "pre",
  transform(code, id) {
    if (!id.split("?")[0]?.endsWith(".md")) return null;
    return { code: `export default ${JSON.stringify(code)};`, map: null };
  },
});

/** Gmail as the transport, against the fake Google APIs of test/fakes/google-setup.ts. */
const gmailBindings = (inject: <T>(key: string) => T): Record<string, string> => {
  const google = inject<string>("googleBaseUrl");
  return {
    MAIL_TRANSPORT: "gmail",
    GMAIL_CLIENT_ID: "client-1",
    GMAIL_CLIENT_SECRET: "secret-1",
    GMAIL_REFRESH_TOKEN: "refresh-1",
    GMAIL_API_BASE_URL: google,
    GOOGLE_TOKEN_URL: `${google}/token`,
    GOOGLE_JWKS_URL: `${google}/jwks`,
    GMAIL_PUSH_TOPIC: "projects/parley-test/topics/gmail",
    GMAIL_PUSH_AUDIENCE: "https://parley.test/webhooks/gmail",
    GMAIL_PUSH_SERVICE_ACCOUNT: "gmail-push@parley-test.iam.gserviceaccount.com",
    GOOGLE_BASE_URL: google,
    OIDC_PRIVATE_JWK: inject<string>("oidcPrivateJwk"),
  };
};

/** The Access application's audience in the workerd project. */
const ACCESS_AUD = "parley-test-aud-0123456789abcdef";

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [markdownAsText()],
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Property tests take a few seconds alone and longer on a busy CI machine; the default
          // 5 s made them fail on load, not on outcome.
          testTimeout: 30_000,
          benchmark: { include: ["test/bench/**/*.bench.ts"] },
          environment: "node",
        },
      },
      // The dashboard's own code (web/): data helpers and components in a simulated DOM.
      {
        plugins: [react()],
        test: {
          name: "web",
          include: ["web/test/**/*.test.{ts,tsx}"],
          environment: "happy-dom",
        },
      },
      // Without an API key: the offline reader and writer. People sign in through a local fake of
      // Cloudflare Access.
      workerd("workerd", ["test/integration/**/*.test.ts"], {
        globalSetup: ["test/fakes/access-setup.ts"],
        bindings: (inject) => ({
          ACCESS_TEAM_DOMAIN: inject<string>("accessTeamDomain"),
          ACCESS_AUD: ACCESS_AUD,
          ACCESS_ROLES: "ana@brand.example=admin,*@brand.example=operator,vic@brand.example=viewer",
          ACCESS_PRIVATE_JWK: inject<string>("accessPrivateJwk"),
        }),
      }),
      // Rate limits small enough to reach: real 429s from the rate-limiting binding.
      workerd("limits", ["test/limits/**/*.test.ts"], {
        ratelimits: { RATE_LIMIT_API: 20, RATE_LIMIT_AUTH: 5, RATE_LIMIT_WEBHOOKS: 10 },
      }),
      // Send discipline with small caps and a real gap between sends.
      workerd("discipline", ["test/discipline/**/*.test.ts"], {
        bindings: () => ({
          MAILBOX_DAILY_CAP: "4",
          CREATOR_DAILY_CAP: "2",
          SEND_GAP_SECONDS: "30",
          BOUNCE_MIN_SENDS: "4",
        }),
      }),
      // A pool of two sending mailboxes, each with its own small cap; a bounce pauses at once.
      workerd("pool", ["test/pool/**/*.test.ts"], {
        bindings: () => ({
          SENDING_MAILBOXES: JSON.stringify([
            { address: "deals@parley.example", dailyCap: 3 },
            { address: "offers@parley.example", dailyCap: 3 },
            { address: "old@parley.example", dailyCap: 3, retired: true },
          ]),
          CREATOR_DAILY_CAP: "3",
          BOUNCE_MIN_SENDS: "1",
        }),
      }),
      // With an API key: Claude, served by a local fake of the Anthropic API.
      workerd("claude", ["test/claude/**/*.test.ts"], {
        globalSetup: ["test/fakes/global-setup.ts"],
        sequential: true,
        bindings: (inject) => ({
          ANTHROPIC_API_KEY: "test-anthropic-key",
          ANTHROPIC_BASE_URL: `http://127.0.0.1:${inject<number>("anthropicPort")}`,
          ANTHROPIC_TIMEOUT_MS: "1500",
          ANTHROPIC_MAX_ATTEMPTS: "3",
        }),
      }),
      // Slack configured: notifications, buttons and the slash command against a local fake of Slack.
      workerd("slack", ["test/slack/**/*.test.ts"], {
        globalSetup: ["test/fakes/slack-setup.ts"],
        bindings: (inject) => {
          const slack = inject<string>("slackBaseUrl");
          return {
            SLACK_BOT_TOKEN: "xoxb-test-token",
            SLACK_SIGNING_SECRET: "test-signing-secret-0123456789",
            SLACK_API_BASE_URL: `${slack}/api`,
            SLACK_RESPONSE_URL_ORIGIN: slack,
            SLACK_TEAM_ID: "T0PARLEY",
            SLACK_ALLOWED_USER_IDS: "U0ALICE,U0BOB",
            // Alice acts; Bob (allowed in Slack, no operator role) may only read.
            ACCESS_ROLES: "alice@brand.example=operator,*@brand.example=viewer",
            SLACK_CHANNEL_ESCALATIONS: "C0ESCALATE",
            SLACK_CHANNEL_APPROVALS: "C0APPROVE",
            SLACK_CHANNEL_AGREEMENTS: "C0DEALS",
            TEAM_DOMAINS: "brand.example",
            SLACK_BASE_URL: slack,
          };
        },
      }),
      // Sentry configured: reports reach a local fake of Sentry's ingestion endpoint. (The Sentry
      // client belongs to the isolate, so this needs its own project.)
      workerd("sentry", ["test/sentry/**/*.test.ts"], {
        globalSetup: ["test/fakes/sentry-setup.ts"],
        sequential: true,
        bindings: (inject) => ({
          SENTRY_DSN: `http://public@127.0.0.1:${inject<number>("sentryPort")}/1`,
          SENTRY_FAKE_URL: `http://127.0.0.1:${inject<number>("sentryPort")}`,
        }),
      }),
      // Gmail as the transport and inbound source, against a local fake of Google's APIs.
      workerd("gmail", ["test/gmail/**/*.test.ts"], {
        globalSetup: ["test/fakes/google-setup.ts"],
        sequential: true,
        bindings: gmailBindings,
      }),
      // A pool spanning two Gmail accounts: MAIL_FROM's (the default, GMAIL_REFRESH_TOKEN) and
      // partners@, a Google user of its own with its own refresh token and an alias, offers@.
      workerd("gmail-accounts", ["test/gmail-accounts/**/*.test.ts"], {
        globalSetup: ["test/fakes/google-setup.ts"],
        sequential: true,
        bindings: (inject) => ({
          ...gmailBindings(inject),
          SENDING_MAILBOXES: JSON.stringify([
            { address: "deals@parley.example" },
            { address: "partners@parley.example" },
            { address: "offers@parley.example" },
          ]),
          GMAIL_ACCOUNTS: JSON.stringify([
            {
              address: "partners@parley.example",
              refreshToken: "refresh-2",
              aliases: ["offers@parley.example"],
            },
          ]),
        }),
      }),
      // ClickUp and Google Sheets as campaign and creator sources, against local fakes of both.
      workerd("sources", ["test/sources/**/*.test.ts"], {
        globalSetup: ["test/fakes/sources-setup.ts"],
        sequential: true,
        bindings: (inject) => {
          const base = inject<string>("sourcesBaseUrl");
          return {
            CLICKUP_API_TOKEN: "pk_test_0123456789",
            CLICKUP_WEBHOOK_SECRET: "clickup-webhook-secret-test",
            CLICKUP_LIST_ID: "901",
            CLICKUP_API_BASE_URL: `${base}/clickup/api/v2`,
            CLICKUP_FIELD_MAP: JSON.stringify({
              "CPM Target": "cpmTargetCents",
              Leniency: "leniencyPct",
              Budget: "budgetCents",
              "Deliverable Tiers": "deliverableTiers",
              "Usage Rights": "usageRights",
              Product: "product",
              Autonomy: "autonomy",
              "Send Window": "sendWindow",
              "Creators Sheet": "sheetUrl",
              "Sheet Tab": "sheetTab",
            }),
            GOOGLE_SERVICE_ACCOUNT_KEY: inject<string>("serviceAccountKey"),
            GOOGLE_SHEETS_API_BASE_URL: `${base}/sheets`,
            GOOGLE_TOKEN_URL: `${base}/token`,
            // Every cron tick polls, so a test can run two polls in a row.
            SHEETS_POLL_MINUTES: "0",
            SOURCES_BASE_URL: base,
          };
        },
      }),
    ],
  },
});
