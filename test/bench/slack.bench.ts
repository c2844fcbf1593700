import { createHmac } from "node:crypto";
import { bench, describe } from "vitest";
import { decideSend, nextSlot } from "../../src/domain/send-discipline";
import type { Notification } from "../../src/ports/notifier";
import { notificationMessage } from "../../src/slack/blocks";
import { parseSlashCommand } from "../../src/slack/commands";
import { verifySlackSignature } from "../../src/slack/verify";

/** The per-request and per-notification work Slack adds: verify, parse, render. */

const secret = "bench-signing-secret-0123456789";
const body = new URLSearchParams({
  team_id: "T0PARLEY",
  user_id: "U0ALICE",
  command: "/parley",
  text: "audit creator:maya@gmail.com last:7d page:2",
  response_url: "https://hooks.slack.com/commands/T0PARLEY/1/abc",
}).toString();
const now = Date.UTC(2026, 11, 1, 12);
const timestamp = String(Math.floor(now / 1000));
const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;

const draft = Array.from(
  { length: 40 },
  (_, i) => `Line ${i + 1} of a long draft, with the scope of work & <details>.`,
).join("\n");
const escalation: Notification = {
  id: "neg-1:7:3",
  at: new Date(now).toISOString(),
  kind: "escalation",
  campaignId: "camp-1",
  negotiationId: "0".repeat(64),
  title: "Escalated: validation failed",
  detail: "amount_not_allowed: $9,999",
  data: {
    creator: { name: "Maya Lopez", email: "maya@gmail.com", platform: "instagram", handle: "maya" },
    campaignName: "Spring launch",
    state: "escalated",
    round: 2,
    excerpt: "Could you do $1,400 for the Reel and two Stories? Usage for 90 days is fine.",
    reason: "validation_failed",
    evidence: ["amount_not_allowed: $9,999", `draft: Re: Spring launch\n\n${draft}`],
    rationale: "Counter one step up from our last offer, inside the band.",
    draft: { subject: "Re: Spring launch", body: draft, autoSendAt: null },
    deal: null,
  },
};

describe("slack", () => {
  bench("verify a signed request", async () => {
    await verifySlackSignature({ signingSecret: secret, timestamp, signature, rawBody: body, now });
  });

  bench("parse /parley audit", () => {
    parseSlashCommand("audit creator:maya@gmail.com campaign:camp-1 type:offer last:7d page:2");
  });

  bench("render an escalation with a long draft", () => {
    notificationMessage(escalation, { dashboardUrl: "https://parley.example" });
  });
});

describe("send discipline", () => {
  bench("next slot and decision", () => {
    const slotAt = nextSlot({ now, lastSlotAt: now - 5_000, gapSeconds: 20, random: 0.3 });
    decideSend(
      {
        now,
        slotAt,
        paused: false,
        mailboxSent: 120,
        window: {
          sendWindow: { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" },
          timeZone: "America/New_York",
        },
        random: 0.3,
      },
      { mailboxDailyCap: 500, gapSeconds: 20 },
    );
  });
});
