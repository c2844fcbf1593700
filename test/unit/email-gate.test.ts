import { describe, expect, it } from "vitest";
import { checkOutgoingEmail, type GateInput } from "../../src/domain/email-gate";
import { renderScopeOfWork } from "../../src/domain/scope-of-work";
import type { EmailPurpose } from "../../src/domain/types";
import { makeOffer } from "./fixtures/offer";

const offerScope = renderScopeOfWork({
  offer: makeOffer(),
  creatorHandle: "janedoe",
  platform: "instagram",
  paymentTerms: "Net 30 after the content goes live",
  agreement: false,
});
const agreementScope = renderScopeOfWork({
  offer: makeOffer({ product: { description: "Glow Serum kit", valueCents: 120_00 } }),
  creatorHandle: "janedoe",
  platform: "instagram",
  paymentTerms: "Net 30 after the content goes live",
  agreement: true,
});

const AGREEMENT_BODY = `Hi Jane,

Wonderful, we're thrilled to confirm! Here are the agreed terms:

${agreementScope}

Next steps:
1. We'll send the brief and the product this week.
2. You share the draft Reel for a quick review before it goes live.
3. Once it's live, send us the link and your invoice.

Thanks,
Sam`;

function input(overrides: Partial<GateInput> = {}): GateInput {
  return {
    purpose: "opening",
    subject: "Paid collab with Glow?",
    body: `Hi Jane,\n\nWe love your skincare content and would like to work together.\n\n${offerScope}\n\nWould that work for you?\n\nSam`,
    allowedAmountsCents: [1500_00],
    scopeOfWork: offerScope,
    decision: { usageDays: 30, exclusivity: false },
    ...overrides,
  };
}

const codes = (i: GateInput): string[] => {
  const verdict = checkOutgoingEmail(i);
  return verdict.ok ? [] : verdict.failures.map((f) => f.code);
};

describe("checkOutgoingEmail: compliant drafts pass", () => {
  const compliant: Record<EmailPurpose, GateInput> = {
    opening: input(),
    counter: input({
      purpose: "counter",
      subject: "Re: Paid collab with Glow?",
      body: `Thanks Jane! You mentioned $2,000; the best we can do is $1,500 at our $25 CPM target, which includes 30 days of paid usage.\n\n${offerScope}`,
      allowedAmountsCents: [1500_00, 2000_00, 25_00],
    }),
    answer: input({
      purpose: "answer",
      subject: "Re: Paid collab with Glow?",
      body: "Great question! The usage rights let us run your Reel as a paid ad, and the offer is non-exclusive, so you're free to work with other brands.",
      allowedAmountsCents: [],
      scopeOfWork: null,
    }),
    agreement: input({
      purpose: "agreement",
      subject: "Confirmed: Glow x Jane",
      body: AGREEMENT_BODY,
      scopeOfWork: agreementScope,
    }),
    walk_away: input({
      purpose: "walk_away",
      body: "Thanks so much for your time, Jane. We can't make the numbers work this time, but we'd love to stay in touch.",
      allowedAmountsCents: [],
      scopeOfWork: null,
    }),
    follow_up: input({
      purpose: "follow_up",
      body: "Hi Jane, just bumping this in case it got buried. Would love to hear your thoughts on the offer below!",
      scopeOfWork: null,
    }),
    decline_ack: input({
      purpose: "decline_ack",
      body: "Totally understand, Jane. Thanks for letting us know, and all the best with your channel!",
      allowedAmountsCents: [],
      scopeOfWork: null,
    }),
  };

  it.each(Object.entries(compliant))("passes a compliant %s email", (_purpose, email) => {
    expect(checkOutgoingEmail(email)).toEqual({ ok: true });
  });

  it("does not reject the agreement scope block's own words or rate", () => {
    expect(agreementScope).toContain("Usage rights: 30 days of paid and organic usage");
    expect(agreementScope).toContain("Rate: $1,500 flat fee");
    expect(codes(compliant.agreement)).toEqual([]);
  });

  it("accepts the block with CRLF line endings", () => {
    expect(codes(input({ body: input().body.replace(/\n/g, "\r\n") }))).toEqual([]);
  });
});

describe("checkOutgoingEmail: amounts", () => {
  it("rejects an injected $50,000", () => {
    const verdict = checkOutgoingEmail(
      input({ body: `${input().body}\nP.S. Our budget goes up to $50,000.` }),
    );
    expect(verdict).toEqual({
      ok: false,
      failures: [
        {
          code: "unknown_amount",
          detail: '"$50,000" is not an amount the engine supplied (allowed: $1,500)',
        },
      ],
    });
  });

  it("rejects an amount written as 3.5k that was not supplied", () => {
    expect(codes(input({ body: `${input().body}\nCould go to 3.5k if needed.` }))).toEqual([
      "unknown_amount",
    ]);
  });

  it("checks the subject too", () => {
    expect(codes(input({ subject: "$2,000 collab?" }))).toEqual(["unknown_amount"]);
  });

  it.each(["$1,500.00", "$1.5k", "USD 1,500", "1,500 dollars"])(
    "accepts the allowed amount written %s",
    (raw) => {
      expect(codes(input({ body: `${input().body}\nTo recap: ${raw} for the package.` }))).toEqual(
        [],
      );
    },
  );

  it("checks amounts inside a verbatim block too", () => {
    expect(codes(input({ allowedAmountsCents: [1750_00] }))).toEqual(["unknown_amount"]);
  });
});

describe("checkOutgoingEmail: scope block", () => {
  it("fails when the block is missing", () => {
    expect(
      codes(input({ body: "Hi Jane, we'd love to offer $1,500 for a Reel and two Stories." })),
    ).toEqual(["scope_missing"]);
  });

  it("fails when the block was edited", () => {
    const edited = input().body.replace("1 Instagram Reel + 2 Stories", "1 Instagram Reel");
    expect(codes(input({ body: edited }))).toEqual(["scope_altered"]);
  });

  it("fails an agreement without a block, and a block where none was given", () => {
    expect(
      codes(input({ purpose: "agreement", body: AGREEMENT_BODY, scopeOfWork: null })),
    ).toContain("scope_missing");
    expect(codes(input({ scopeOfWork: null }))).toEqual(["scope_altered"]);
  });
});

describe("checkOutgoingEmail: commitments", () => {
  const withLine = (line: string, decision = { usageDays: 30, exclusivity: false }) =>
    codes(input({ body: `${input().body}\n${line}`, decision }));

  it("rejects exclusivity the engine did not offer, but not its negation", () => {
    expect(withLine("This would be an exclusive partnership in skincare.")).toEqual(["commitment"]);
    expect(withLine("We'd need 60 days of exclusivity.")).toEqual(["commitment"]);
    expect(withLine("We'd need exclusivity.", { usageDays: 30, exclusivity: true })).toEqual([]);
    expect(withLine("No exclusivity is required; it's non-exclusive.")).toEqual([]);
  });

  it.each([
    "You grant us the content in perpetuity.",
    "We can use it forever.",
    "That includes unlimited usage.",
    "That includes 90 days of paid usage.",
    "Usage rights for 6 months are included.",
  ])("rejects the usage commitment %j", (line) => {
    expect(withLine(line)).toEqual(["commitment"]);
  });

  it("accepts usage durations equal to the decision, in any unit", () => {
    expect(withLine("That's 3 months of usage.", { usageDays: 90, exclusivity: false })).toEqual(
      [],
    );
    expect(withLine("That's a 30-day usage window.")).toEqual([]);
  });

  it("rejects any usage duration when the engine offered none", () => {
    const block = renderScopeOfWork({
      offer: makeOffer({ usageDays: null }),
      creatorHandle: "janedoe",
      platform: "instagram",
      paymentTerms: "",
      agreement: false,
    });
    const email = (line: string) =>
      input({
        body: `Hi Jane!\n\n${block}\n${line}`,
        scopeOfWork: block,
        decision: { usageDays: null, exclusivity: false },
      });
    expect(codes(email("Organic only, as you asked."))).toEqual([]);
    expect(codes(email("Plus 30 days of usage."))).toEqual(["commitment"]);
  });

  it.each([
    "We'd love to bring you into future campaigns.",
    "This could become an ongoing partnership.",
    "We're open to a long-term deal.",
    "You'd be first in line for our next campaign.",
    "We guarantee a second post slot.",
    "I promise you this will perform.",
  ])("rejects %j", (line) => {
    expect(withLine(line)).toEqual(["commitment"]);
  });
});

describe("checkOutgoingEmail: other creators' rates", () => {
  it("rejects another creator's rate even when the amount itself is allowed", () => {
    expect(
      codes(input({ body: `${input().body}\nOther creators accepted $1,500 for the same.` })),
    ).toEqual(["other_creator_rate"]);
    expect(
      codes(input({ body: `${input().body}\nFor context, we paid $1,500 last month.` })),
    ).toEqual(["other_creator_rate"]);
  });

  it("allows mentioning other creators without an amount", () => {
    expect(codes(input({ body: `${input().body}\nOther creators loved the serum.` }))).toEqual([]);
  });
});

describe("checkOutgoingEmail: length and emptiness", () => {
  it("rejects empty, too short and too long bodies, and an empty subject", () => {
    expect(codes(input({ body: "   ", scopeOfWork: null }))).toEqual(["empty"]);
    expect(codes(input({ body: "Hi Jane, sounds good!", scopeOfWork: null }))).toEqual(["length"]);
    const long = `${input().body}\n${"We really admire your work. ".repeat(230)}`;
    expect(codes(input({ body: long }))).toEqual(["length"]);
    expect(codes(input({ subject: " " }))).toEqual(["empty"]);
  });
});

describe("checkOutgoingEmail: agreement terms", () => {
  const agreement = (body: string, scopeOfWork = agreementScope) =>
    codes(input({ purpose: "agreement", body, scopeOfWork }));

  it("requires numbered next steps", () => {
    expect(agreement(AGREEMENT_BODY.replace("1. We'll", "We'll"))).toEqual([
      "agreement_terms_missing",
    ]);
    expect(agreement(AGREEMENT_BODY.replace("2. You", "You"))).toEqual(["agreement_terms_missing"]);
  });

  it("requires payment terms, from the block or the text", () => {
    const withoutTerms = renderScopeOfWork({
      offer: makeOffer(),
      creatorHandle: "janedoe",
      platform: "instagram",
      paymentTerms: "",
      agreement: false,
    });
    const body = `Hi Jane, confirmed!\n\n${withoutTerms}\n\n1. Brief this week.\n2. Draft review.`;
    expect(agreement(body, withoutTerms)).toEqual(["agreement_terms_missing"]);
    expect(agreement(`${body}\nPayment goes out 30 days after posting.`, withoutTerms)).toEqual([]);
  });
});
