import { Hono } from "hono";
import { loadConfig } from "../../env";
import { gmailWatches } from "../../gmail/sync";
import { globalPause } from "../../operations/global-pause";
import type { AppEnv } from "../context";
import { checkModels } from "../model-check";
import { missingLimiters } from "../rate-limit";
import { checkSlack } from "../slack-check";

export const healthRoutes = new Hono<AppEnv>()
  .get("/health", (c) => c.json({ status: "ok" }))
  .get("/ready", async (c) => {
    const checks: Record<string, { ok: boolean; detail?: string | string[] }> = {};
    const config = loadConfig(c.env);
    checks.config = config.ok ? { ok: true } : { ok: false, detail: config.problems };
    const warnings: string[] = [];
    try {
      await c.env.DB.prepare("SELECT 1").first();
      checks.d1 = { ok: true };
      // The kill switch is a decision, not a fault: shown, never a reason to be "not ready".
      const pause = await globalPause(c.env.DB);
      checks.globalPause = {
        ok: true,
        detail: pause.paused
          ? `on since ${pause.since} by ${pause.by}${pause.reason ? `: ${pause.reason}` : ""}`
          : "off",
      };
      if (pause.paused)
        warnings.push("sending is paused for every negotiation (POST /api/settings/resume)");
    } catch (error) {
      checks.d1 = {
        ok: false,
        detail: error instanceof Error ? error.message : "D1 did not answer",
      };
    }
    if (config.ok) {
      const [models, slack] = await Promise.all([
        checkModels(config.config),
        checkSlack(config.config),
      ]);
      if (models) checks.models = models;
      if (slack) checks.slack = slack;
      checks.language = {
        ok: true,
        detail: config.config.ANTHROPIC_API_KEY ? "claude" : "offline",
      };
    }
    const missing = missingLimiters(c.env);
    if (missing.length)
      warnings.push(
        `rate limits off: no ${missing.join(", ")} binding (wrangler.toml [[ratelimits]])`,
      );
    if (config.ok)
      checks.signIn = {
        ok: true,
        detail: config.config.ACCESS_TEAM_DOMAIN ? "cloudflare access and tokens" : "tokens only",
      };
    if (config.ok && config.config.MAIL_TRANSPORT === "gmail") {
      // An expired watch means Gmail stopped pushing: mail still waits in history, but is read late.
      const watches = await gmailWatches(c.env, config.config);
      const expired = watches.filter(
        ({ status }) =>
          (status.watchExpiresAt ? Date.parse(status.watchExpiresAt) : 0) <= Date.now(),
      );
      const hint = "the cron renews it (check GMAIL_PUSH_TOPIC and the cron trigger)";
      if (watches.length === 1) {
        if (expired.length) warnings.push(`gmail watch is missing or expired: ${hint}`);
        checks.gmailWatch = { ok: true, detail: watches[0]?.status.watchExpiresAt ?? "none" };
      } else {
        // Several accounts: each has its own watch, shown and warned about by its address.
        for (const { account } of expired)
          warnings.push(`gmail watch of ${account.name} is missing or expired: ${hint}`);
        checks.gmailWatch = {
          ok: true,
          detail: watches.map(
            ({ account, status }) => `${account.name}: ${status.watchExpiresAt ?? "none"}`,
          ),
        };
      }
    }
    const ok = Object.values(checks).every((v) => v.ok);
    return c.json({ status: ok ? "ready" : "not_ready", checks, warnings }, ok ? 200 : 503);
  });
