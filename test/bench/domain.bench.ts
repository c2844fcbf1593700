import { bench, describe } from "vitest";
import { WRITER_INSTRUCTIONS } from "../../src/adapters/anthropic/email-writer";
import { OfflineReplyReader } from "../../src/adapters/offline/reply-reader";
import { checkOutgoingEmail } from "../../src/domain/email-gate";
import { findMoneyMentions } from "../../src/domain/money";
import { decide } from "../../src/domain/negotiation-decide";
import { evolveAll } from "../../src/domain/negotiation-events";
import type { Negotiation } from "../../src/domain/negotiation-state";
import { splitReply } from "../../src/domain/reply-text";
import type { CampaignTerms, ReplyReading } from "../../src/domain/types";

const terms: CampaignTerms = {
  cpmTargetCents: 2500,
  leniencyPct: 20,
  minCostPerCreatorCents: null,
  maxCostWithoutApprovalCents: 500_000,
  budgetCents: null,
  deliverableTiers: ["1 Reel + 2 Stories", "1 Reel", "2 Stories"],
  usageRights: { targetDays: 90, minimumDays: 30 },
  product: { description: "Trail shoes", valueCents: 18_000 },
  syndication: true,
  maxRounds: 5,
  autonomy: "autonomous",
  sendWindow: { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00" },
  followUps: { afterBusinessDays: [2, 4] },
  approvalWindowMinutes: 60,
  paymentTerms: "Net 30",
  tierShares: [100, 70, 50],
  autoSend: { maxAmountCents: null, minConfidence: 0.8, purposes: ["opening", "counter"] },
  brief: null,
};
const creator = {
  name: "Maya",
  email: "maya@gmail.com",
  platform: "instagram" as const,
  handle: "maya",
  averageViews: 50_000,
  engagementRate: null,
  timezone: "America/New_York",
};
const at = Date.UTC(2026, 10, 23, 15);
const started = decide(null, {
  type: "start",
  at,
  id: "n1",
  campaignId: "c1",
  creator,
  terms,
  budgetAvailableCents: null,
});
if (!started.ok) throw new Error("start failed");
const opened: Negotiation = evolveAll(null as unknown as Negotiation, started.value.events);
const reading: ReplyReading = {
  intent: "counter",
  confidence: 0.9,
  proposedAmountCents: 240_000,
  proposedDeliverables: null,
  usageRightsMentioned: false,
  exclusivityMentioned: false,
  questions: [],
  concerns: [],
  tone: "positive",
  signals: [],
  returnDate: null,
};
const longReply = `Thanks! My rate would be $2,400 for the package.\n\nBest,\nMaya\n\nOn Mon, Nov 23, 2026 at 9:00 AM Parley <deals@parley.example> wrote:\n${"> earlier message line with $1,250 in it\n".repeat(2000)}`;
const reader = new OfflineReplyReader({ referenceDate: "2026-11-23" });
const body = `Hi Maya,\n\nThanks for the note. We can offer $1,375 for the package.\n\n--- Scope of work ---\nRate: $1,375 flat fee\n---\n\nBest,\nParley`;

describe("negotiation core (pure)", () => {
  bench("decide + evolve one counter reply", () => {
    const d = decide(
      { ...opened, state: "awaiting_reply" },
      {
        type: "reply",
        at,
        messageId: "<m>",
        from: "maya@gmail.com",
        fromTeam: false,
        text: "My rate is $2,400",
        reading,
        counterparty: opened.counterparty,
        contacts: opened.contacts,
        budgetAvailableCents: null,
      },
    );
    if (d.ok) evolveAll(opened, d.value.events);
  });
  bench("offline reader on a short reply", async () => {
    await reader.read({
      text: "Sounds great! My rate is $3,500 for the Reel and stories.",
      subject: "Re: partnership",
      ourOfferCents: 125_000,
      headers: { autoSubmitted: false, bounce: false },
    });
  });
  bench("split a reply with 2,000 quoted lines", () => {
    splitReply(longReply);
  });
  bench("outgoing-email gate", () => {
    checkOutgoingEmail({
      purpose: "counter",
      subject: "Re: partnership",
      body,
      slots: {
        AMOUNT: "$1,375",
        CREATOR_FIRST_NAME: "Maya",
        SENDER_NAME: "Parley",
        SCOPE_OF_WORK: "--- Scope of work ---\nRate: $1,375 flat fee\n---",
      },
      allowedTerms: ["usage_rights"],
      instructions: [WRITER_INSTRUCTIONS],
    });
  });
  bench("find money in a long email", () => {
    findMoneyMentions(longReply);
  });
});
