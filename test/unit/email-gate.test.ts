/**
 * The outgoing-email gate on finished emails: every value code rendered is a slot, everything
 * else is prose that may carry no figures or terms (DOMAIN.md §8).
 */
import { describe, expect, it } from "vitest";
import { fillSlots, type SlotValues } from "../../src/domain/draft-slots";
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
  offer: makeOffer(),
  creatorHandle: "janedoe",
  platform: "instagram",
  paymentTerms: "Net 30 after the content goes live",
  agreement: true,
});
const NEXT_STEPS =
  "Next steps:\n1. We'll send a short written agreement with these terms for signature.\n2. Our team will share the creative brief.\n3. Send us the draft for a quick review before it goes live; payment follows the terms above.";

const SLOTS: SlotValues = {
  CREATOR_FIRST_NAME: "Jane",
  CREATOR_NAME: "Jane Doe",
  HANDLE: "@janedoe",
  PLATFORM: "Instagram",
  BRAND: "Glow",
  SENDER_NAME: "Sam Rivera",
  AMOUNT: "$1,500",
  DELIVERABLES: "1 Instagram Reel + 2 Stories",
  USAGE: "30 days of paid and organic usage",
  SCOPE_OF_WORK: offerScope,
};

const SIGN = "\n\nBest,\n{{SENDER_NAME}}\n{{BRAND}}";

/** A finished email: the template's tokens filled the way drafting fills them. */
function email(
  template: string,
  overrides: Partial<Omit<GateInput, "body">> = {},
  slots: SlotValues = SLOTS,
): GateInput {
  const all = { ...slots, ...overrides.slots };
  return {
    purpose: "opening",
    subject: "Glow x Jane Doe: partnership on Instagram",
    allowedTerms: ["usage_rights"],
    instructions: [],
    ...overrides,
    slots: all,
    body: fillSlots(template, all),
  };
}

const OPENING = `Hi {{CREATOR_FIRST_NAME}},\n\nWe love your {{PLATFORM}} content ({{HANDLE}}) and would like to offer {{AMOUNT}} for the collaboration below.\n\n{{SCOPE_OF_WORK}}\n\nWould that work for you?${SIGN}`;

const codes = (input: GateInput): string[] => {
  const verdict = checkOutgoingEmail(input);
  return verdict.ok ? [] : verdict.failures.map((f) => f.code);
};

describe("checkOutgoingEmail: compliant emails pass", () => {
  const agreementSlots = { SCOPE_OF_WORK: agreementScope, NEXT_STEPS, PAYMENT_TERMS: "Net 30" };
  const compliant: Record<EmailPurpose, GateInput> = {
    opening: email(OPENING),
    counter: email(
      `Hi {{CREATOR_FIRST_NAME}},\n\nThanks for sharing your rate of {{THEIR_ASK}}. We'd like to come back with {{AMOUNT}} for the scope below, and we work to a {{CPM_TARGET}} CPM target.\n\n{{SCOPE_OF_WORK}}${SIGN}`,
      {
        purpose: "counter",
        allowedTerms: ["usage_rights", "cpm_target"],
        slots: { THEIR_ASK: "$2,000", CPM_TARGET: "$25" },
      },
    ),
    answer: email(
      `Hi {{CREATOR_FIRST_NAME}},\n\nGreat question! The offer includes {{USAGE}}, and it's non-exclusive, so you're free to work with other brands.\n\n{{SCOPE_OF_WORK}}${SIGN}`,
      { purpose: "answer" },
    ),
    agreement: email(
      `Hi {{CREATOR_FIRST_NAME}},\n\nWonderful, we're thrilled to confirm! The agreed fee is {{AMOUNT}}.\n\n{{SCOPE_OF_WORK}}\n\n{{NEXT_STEPS}}${SIGN}`,
      { purpose: "agreement", slots: agreementSlots },
    ),
    walk_away: email(
      `Hi {{CREATOR_FIRST_NAME}},\n\nThanks so much for your time. We can't make this work within the campaign's budget, but we'd love to stay in touch.${SIGN}`,
      { purpose: "walk_away", slots: { SCOPE_OF_WORK: undefined } },
    ),
    follow_up: email(
      `Hi {{CREATOR_FIRST_NAME}}, just bumping this in case it got buried: our offer of {{AMOUNT}} still stands.${SIGN}`,
      { purpose: "follow_up", slots: { SCOPE_OF_WORK: undefined } },
    ),
    decline_ack: email(
      `Totally understand, {{CREATOR_FIRST_NAME}}. Thanks for letting us know, and all the best with your channel!${SIGN}`,
      { purpose: "decline_ack", slots: { SCOPE_OF_WORK: undefined } },
    ),
  };

  it.each(Object.entries(compliant))("passes a compliant %s email", (_purpose, input) => {
    expect(checkOutgoingEmail(input)).toEqual({ ok: true });
  });

  it("reads values inside the code-rendered blocks as slots, not prose", () => {
    expect(agreementScope).toContain("Rate: $1,500 flat fee");
    expect(agreementScope).toContain("Payment terms: Net 30 after the content goes live");
    expect(codes(compliant.agreement)).toEqual([]);
  });

  it("accepts CRLF line endings", () => {
    const input = email(OPENING);
    expect(codes({ ...input, body: input.body.replace(/\n/g, "\r\n") })).toEqual([]);
  });

  it("a person's edit written with the engine's own renderings passes", () => {
    const edited = `Hi Jane,\n\nHappy Friday! Our offer stays at $1,500 for the scope below.\n\n${offerScope}\n\nBest,\nSam Rivera\nGlow`;
    expect(codes({ ...email(OPENING), body: edited })).toEqual([]);
  });

  it("names are values, not prose: digits or payment words in them fail nothing", () => {
    const slots = {
      ...SLOTS,
      BRAND: "Studio 54",
      CREATOR_FIRST_NAME: "Penny",
      SENDER_NAME: "Cash Bank",
    };
    expect(codes(email(OPENING, { slots }))).toEqual([]);
  });
});

describe("checkOutgoingEmail: money only from slots", () => {
  it("refuses an amount the engine did not render, saying what the email may state", () => {
    const verdict = checkOutgoingEmail(email(`${OPENING}\nP.S. Our budget goes up to $50,000.`));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.failures.map((f) => f.code)).toEqual(["unknown_amount"]);
    expect(verdict.failures[0]?.detail).toContain("$1,500 (our offer)");
  });

  it.each([
    "$1,500.00",
    "$1.5k",
    "USD 1,500",
    "1,500 dollars",
    "１，５００ dollars",
    "٥٠٠ dollars",
  ])(
    "refuses even the offer written another way (%s): only the engine's rendering is a slot",
    (raw) => {
      expect(codes(email(`${OPENING}\nTo recap: ${raw} for the package.`)).length).toBeGreaterThan(
        0,
      );
    },
  );

  it("checks the subject too", () => {
    expect(codes(email(OPENING, { subject: "$2,000 collab?" }))).toContain("unknown_amount");
  });

  it("refuses a slot this email does not have", () => {
    expect(codes(email(`${OPENING}\nThat's {{PRODUCT_VALUE}} of product on top.`))).toContain(
      "unfilled_slot",
    );
  });

  it.each([
    ["another {{AMOUNT}} on delivery", "amount_context"],
    ["we'll add an extra {{AMOUNT}} after posting", "amount_context"],
    ["that's {{AMOUNT}} per video", "amount_context"],
    ["{{AMOUNT}} each for the Reel and the Stories", "amount_context"],
    ["{{AMOUNT}} now and {{AMOUNT}} later", "amount_context"],
  ])("refuses %j", (line, code) => {
    expect(codes(email(`${OPENING}\nAlso, ${line}.`))).toContain(code);
  });

  it("states the product's value only as its value", () => {
    const slots = { PRODUCT: "a Glow Serum kit", PRODUCT_VALUE: "$120" };
    const ok = email(`${OPENING}\nWe'd include {{PRODUCT}} (a {{PRODUCT_VALUE}} value).`, {
      slots,
      allowedTerms: ["usage_rights", "product"],
    });
    expect(codes(ok)).toEqual([]);
    const paid = email(`${OPENING}\nWe'll also pay you {{PRODUCT_VALUE}}.`, {
      slots,
      allowedTerms: ["usage_rights", "product"],
    });
    expect(codes(paid)).toContain("amount_context");
  });
});

describe("checkOutgoingEmail: their ask is quoted as theirs, never offered", () => {
  const counter = (line: string) =>
    email(`Hi {{CREATOR_FIRST_NAME}},\n\n${line}${SIGN}`, {
      purpose: "counter",
      slots: { THEIR_ASK: "$50,000", SCOPE_OF_WORK: undefined },
    });

  it.each([
    "Thanks for sharing your rate of {{THEIR_ASK}}. We'd like to offer {{AMOUNT}}.",
    "You mentioned {{THEIR_ASK}}; the best we can do is {{AMOUNT}}.",
    "Your usual fee of {{THEIR_ASK}} is above our budget, so we can come up to {{AMOUNT}}.",
  ])("passes: %s", (line) => {
    expect(codes(counter(line))).toEqual([]);
  });

  it.each([
    "We're happy to pay {{THEIR_ASK}}.",
    "As agreed on the call, we'll pay the {{THEIR_ASK}} we discussed.",
    "Your rate works, so we can offer you the full {{THEIR_ASK}}.",
    "For your rate, {{THEIR_ASK}} it is.",
    "Con gusto pagamos {{THEIR_ASK}}.",
  ])("fails: %s", (line) => {
    expect(codes(counter(line))).toContain("ask_as_offer");
  });
});

describe("checkOutgoingEmail: the writer's prose holds no figures or terms", () => {
  it.each([
    ["We could also do ５０，０００.", "digit"],
    ["Think fifty thousand dollars.", "number_word"],
    ["Payment in euros works too.", "currency"],
    ["Plus a ten percent bonus.", "number_word"],
    ["Send your IBAN and we'll wire it.", "payment_vocabulary"],
    ["Invoices go through pay-portal.example.", "link"],
    ["Write to me at sam@glow.example.", "address"],
    ["We'd also love you to be our ambassador.", "commitment"],
    ["This would be an exclusive partnership.", "commitment"],
  ])("refuses %j", (line, code) => {
    expect(codes(email(`${OPENING}\n${line}`))).toContain(code);
  });

  it("refuses usage talk when the offer carries no usage rights", () => {
    const slots = { ...SLOTS, USAGE: undefined };
    expect(
      codes(email(`${OPENING}\nUsage rights are included.`, { slots, allowedTerms: [] })),
    ).toContain("commitment");
  });

  it("refuses an email that reproduces the writer's instructions", () => {
    const instructions = [
      "You write the body of emails for a brand's influencer-marketing team to content creators and their managers, in the team's voice.",
    ];
    const leak = `${OPENING}\nYou write the body of emails for a brand's influencer-marketing team to content creators.`;
    expect(codes(email(leak, { instructions }))).toContain("instructions_leak");
  });
});

describe("checkOutgoingEmail: scope block and agreement terms", () => {
  it("fails when the block is missing", () => {
    expect(codes(email(OPENING.replace("{{SCOPE_OF_WORK}}", "")))).toEqual(["scope_missing"]);
  });

  it("fails when the block was edited or added twice", () => {
    const input = email(OPENING);
    const edited = input.body.replace("1 Instagram Reel + 2 Stories on", "1 Instagram Reel on");
    expect(codes({ ...input, body: edited })).toContain("scope_altered");
    expect(
      codes({ ...input, body: `${input.body}\n\n${offerScope.replace("$1,500", "$1,400")}` }),
    ).toContain("scope_altered");
  });

  it("fails a block where the email has none", () => {
    const input = email(OPENING);
    expect(codes({ ...input, slots: { ...input.slots, SCOPE_OF_WORK: undefined } })).toContain(
      "scope_altered",
    );
  });

  it("an agreement needs the block and the next steps", () => {
    const slots = { SCOPE_OF_WORK: agreementScope, NEXT_STEPS };
    const body = `Hi {{CREATOR_FIRST_NAME}}, confirmed!\n\n{{SCOPE_OF_WORK}}${SIGN}`;
    expect(codes(email(body, { purpose: "agreement", slots }))).toEqual([
      "agreement_terms_missing",
    ]);
    expect(
      codes(
        email(`Hi {{CREATOR_FIRST_NAME}}, confirmed at {{AMOUNT}}!${SIGN}`, {
          purpose: "agreement",
          slots: { SCOPE_OF_WORK: undefined, NEXT_STEPS },
        }),
      ),
    ).toEqual(["scope_missing", "agreement_terms_missing"]);
  });
});

describe("checkOutgoingEmail: length and emptiness", () => {
  it("refuses empty, too short and too long bodies, and an empty subject", () => {
    const none = { slots: { SCOPE_OF_WORK: undefined } };
    expect(codes(email("   ", none))).toEqual(["empty"]);
    expect(codes(email("Hi Jane, sounds good!", none))).toEqual(["length"]);
    expect(codes(email(`${OPENING}\n${"We really admire your work. ".repeat(230)}`))).toEqual([
      "length",
    ]);
    expect(codes(email(OPENING, { subject: " " }))).toEqual(["empty"]);
  });
});
