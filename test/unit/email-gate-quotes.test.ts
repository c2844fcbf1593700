import { describe, expect, it } from "vitest";
import { checkOutgoingEmail, type GateInput } from "../../src/domain/email-gate";

/** A counter that may quote their ask ($50,000) back; our offer is $1,500. */
const counter = (body: string): GateInput => ({
  purpose: "counter",
  subject: "Re: Paid collab",
  body: `Hi Jane,\n\n${body}\n\nBest,\nSam`,
  allowedAmountsCents: [1500_00, 50_000_00],
  quotedAmountsCents: [50_000_00],
  scopeOfWork: null,
  decision: { usageDays: null, exclusivity: false },
});

const codes = (i: GateInput): string[] => {
  const verdict = checkOutgoingEmail(i);
  return verdict.ok ? [] : verdict.failures.map((f) => f.code);
};

describe("checkOutgoingEmail: their ask is quoted as theirs, never offered", () => {
  it.each([
    "Thanks for sharing your rate of $50,000. We'd like to offer $1,500.",
    "You mentioned $50,000; the best we can do is $1,500.",
    "Your usual fee of $50,000 is above our budget, so we can come up to $1,500.",
  ])("passes: %s", (body) => {
    expect(codes(counter(body))).toEqual([]);
  });

  it.each([
    "We're happy to pay $50,000.",
    "As agreed on the call, we'll pay the $50,000 we discussed.",
    "Your rate works, so we can offer you the full $50,000.",
    "For your rate, $50,000 it is.",
    "Con gusto pagamos $50,000.",
  ])("fails: %s", (body) => {
    expect(codes(counter(body))).toContain("ask_as_offer");
  });
});

describe("checkOutgoingEmail: no addresses or links", () => {
  it.each([
    "I've cc'd your lawyer at counsel@evil.com.",
    "Please send your bank details via https://evil.com/pay.",
    "Invoices go through www.evil-portal.com/invoice.",
  ])("fails: %s", (body) => {
    expect(codes(counter(`We'd like to offer $1,500. ${body}`))).toEqual(["contact_details"]);
  });
});
