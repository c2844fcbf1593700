import { describe, expect, it } from "vitest";
import { DEFAULT_AUTO_SEND, outsideAutoSend } from "../../src/domain/autonomy";
import type { EmailIntent } from "../../src/domain/negotiation-state";
import { CampaignTermsCodec } from "../../src/negotiation/terms-codec";
import { campaignTerms } from "./fixtures/negotiation";

const intent = (purpose: EmailIntent["purpose"], amountCents: number | null): EmailIntent => ({
  purpose,
  offer: amountCents === null ? null : ({ amountCents } as EmailIntent["offer"]),
  lever: null,
  theirAskCents: null,
  reply: null,
  followUpNumber: null,
  targetState: "awaiting_reply",
});

describe("outsideAutoSend", () => {
  const limits = { maxAmountCents: 50_000, minConfidence: 0.9, purposes: ["counter" as const] };
  const terms = campaignTerms({ autonomy: "autonomous", autoSend: limits });

  it("is empty inside every threshold", () => {
    expect(outsideAutoSend(terms, intent("counter", 50_000), 0.9)).toEqual([]);
  });

  it("names each threshold the email falls outside of", () => {
    expect(outsideAutoSend(terms, intent("agreement", 50_001), 0.5)).toEqual([
      "agreement emails are not sent automatically",
      "the offer of $500.01 is above the $500 auto-send limit",
      "their reply was read with confidence 0.5, below the 0.9 auto-send threshold",
    ]);
  });

  it("ignores confidence when the email answers no reply, and amount when it carries no offer", () => {
    expect(outsideAutoSend(terms, intent("counter", null), null)).toEqual([]);
  });

  it("defaults let every purpose out at ordinary confidence (terms saved before the limits existed)", () => {
    const { autoSend: _, ...saved } = campaignTerms({ autonomy: "autonomous" });
    const legacy = CampaignTermsCodec.parse(saved);
    expect(outsideAutoSend(legacy, intent("agreement", 1_000_000), 0.8)).toEqual([]);
    expect(outsideAutoSend(legacy, intent("counter", 1), 0.79)).toHaveLength(1);
    expect(DEFAULT_AUTO_SEND.minConfidence).toBe(0.8);
  });
});
