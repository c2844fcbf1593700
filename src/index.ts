import "./zod-config";
import * as Sentry from "@sentry/cloudflare";
import { receiveRawEmail } from "./email/inbound";
import { type Env, loadConfig } from "./env";
import { MailboxObject as MailboxObjectBase } from "./gmail/mailbox-object";
import { RecipientObject as RecipientObjectBase } from "./gmail/recipient-object";
import { renewGmailWatch } from "./gmail/sync";
import { createApp } from "./http/app";
import { queueDueSheetPolls } from "./jobs/sheet-schedule";
import { CampaignBudgetObject as CampaignBudgetObjectBase } from "./negotiation/budget-object";
import { NegotiationObject as NegotiationObjectBase } from "./negotiation/object";
import { newRequestId } from "./observability/request-id";
import { consumeQueue } from "./queues/consumer";

const sentryOptions = (env: Env) => ({
  dsn: typeof env.SENTRY_DSN === "string" && env.SENTRY_DSN ? env.SENTRY_DSN : undefined,
  environment: typeof env.ENVIRONMENT === "string" ? env.ENVIRONMENT : "development",
  tracesSampleRate: 0,
});

const app = createApp();

export const NegotiationObject = Sentry.instrumentDurableObjectWithSentry(
  sentryOptions,
  NegotiationObjectBase,
);
export const CampaignBudgetObject = Sentry.instrumentDurableObjectWithSentry(
  sentryOptions,
  CampaignBudgetObjectBase,
);
export const MailboxObject = Sentry.instrumentDurableObjectWithSentry(
  sentryOptions,
  MailboxObjectBase,
);
export const RecipientObject = Sentry.instrumentDurableObjectWithSentry(
  sentryOptions,
  RecipientObjectBase,
);

export default Sentry.withSentry(sentryOptions, {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),

  // Inbound mail starts its own request id.
  async email(message, env) {
    const requestId = newRequestId();
    Sentry.setTag("request_id", requestId);
    const config = loadConfig(env);
    if (!config.ok) {
      console.error(
        JSON.stringify({
          msg: "email dropped: configuration invalid",
          requestId,
          problems: config.problems,
        }),
      );
      throw new Error("Parley is misconfigured; see /ready");
    }
    const outcome = await receiveRawEmail(env, config.config, {
      raw: message.raw,
      rawSize: message.rawSize,
      envelopeFrom: message.from,
      envelopeTo: message.to,
      requestId,
    });
    console.log(JSON.stringify({ msg: "inbound email", requestId, outcome }));
  },

  queue: (batch, env) => consumeQueue(batch, env),

  async scheduled(controller, env) {
    const requestId = newRequestId();
    Sentry.setTag("request_id", requestId);
    const config = loadConfig(env);
    if (!config.ok) {
      console.error(
        JSON.stringify({
          msg: "cron skipped: configuration invalid",
          requestId,
          problems: config.problems,
        }),
      );
      return;
    }
    console.log(JSON.stringify({ msg: "cron", requestId, cron: controller.cron }));
    // Queued first: a Gmail outage failing the watch renewal does not hold up the sheets.
    await queueDueSheetPolls(env);
    await renewGmailWatch(env);
  },
} satisfies ExportedHandler<Env>);
