/**
 * The template writer writes slot tokens only: filled by code from a real negotiation's decision,
 * every template passes the outgoing-email gate, for every purpose, voice and lever.
 */
import { describe, expect, it } from "vitest";
import { OfflineEmailWriter } from "../../src/adapters/offline/email-writer";
import { checkDraft, subjectFor } from "../../src/domain/draft-rules";
import { fillSlots, slotValues } from "../../src/domain/draft-slots";
import { emailFor } from "../../src/domain/negotiation-branches";
import type { EmailIntent, Negotiation, ReplyFacts } from "../../src/domain/negotiation-state";
import { EMAIL_PURPOSES, type Lever } from "../../src/domain/types";
import { writeRequest } from "../../src/negotiation/drafting";
import { campaignTerms, opened } from "./fixtures/negotiation";
import { makeOffer } from "./fixtures/offer";

const writer = new OfflineEmailWriter();
const sender = { brandName: "Acme", senderName: "Sam Rivera" };
const context = { ...sender, instructions: [] };

const OFFER = makeOffer({
  amountCents: 1250_50,
  deliverables: "1 Instagram Reel + 2 Stories",
  usageDays: 90,
});

function negotiation(manager = false, name = "Jane Doe", handle: string | null = "@janedoe") {
  const n = opened({ creator: { name, handle } });
  return manager
    ? { ...n, counterparty: { type: "manager" as const, agency: "bigtalent.com", name: null } }
    : n;
}

function intent(
  purpose: EmailIntent["purpose"],
  lever: Lever | null = null,
  overrides: Partial<EmailIntent> = {},
): EmailIntent {
  const offer = {
    ...OFFER,
    // Our first counter after the opening unless a test says otherwise (see `later`).
    rationale: { ...OFFER.rationale, round: 0 },
    product: lever === "product" ? { description: "a Lumen desk lamp", valueCents: 189_00 } : null,
    syndication: lever === "syndication",
    shareCpmTarget: lever === "share_cpm_target",
  };
  return emailFor(purpose, "awaiting_reply", {
    offer: purpose === "decline_ack" ? null : offer,
    lever,
    theirAskCents: purpose === "counter" ? 3000_00 : null,
    followUpNumber: purpose === "follow_up" ? 1 : null,
    ...overrides,
  });
}

/** A counter after earlier ones (round 2), moving on the curve or holding. */
function later(decision: string, lever: Lever | null = null): EmailIntent {
  const i = intent("counter", lever);
  if (!i.offer) throw new Error("a counter carries an offer");
  return { ...i, offer: { ...i.offer, rationale: { ...i.offer.rationale, round: 2, decision } } };
}

/** What drafting does: the request from the decision, the template filled, the subject set. */
async function draft(n: Negotiation, i: EmailIntent) {
  const values = slotValues(n, i, sender);
  const template = await writer.write(
    writeRequest(n, i, sender, values, { gateFailures: [], history: [] }),
  );
  return {
    template: template.body,
    body: fillSlots(template.body, values),
    subject: subjectFor(n, i.purpose, sender),
  };
}

const asked = (...questionTopics: ReplyFacts["questionTopics"]): ReplyFacts => ({
  intent: "question",
  tone: "neutral",
  questionTopics,
  faq: [],
  askedTeam: false,
  namedRate: false,
});

const LEVERS: (Lever | null)[] = [
  null,
  "deliverable_tier",
  "usage_rights",
  "product",
  "syndication",
  "share_cpm_target",
];
const combos = EMAIL_PURPOSES.flatMap((purpose) =>
  [false, true].flatMap((manager) => LEVERS.map((lever) => ({ purpose, manager, lever }))),
);

describe("OfflineEmailWriter: every template passes the gate once filled", () => {
  it.each(combos)(
    "$purpose (manager: $manager) with lever $lever",
    async ({ purpose, manager, lever }) => {
      const n = negotiation(manager);
      const i = intent(purpose, lever, {
        reply: { ...asked("deliverables", "usage_rights", "payment", "product"), askedTeam: true },
      });
      const d = await draft(n, i);
      expect(d.template).not.toMatch(/\d|\$/);
      expect(checkDraft(n, i, d, context)).toEqual({ ok: true });
      expect(d.body).not.toMatch(/\{\{/);
      expect(d.body.endsWith("Sam Rivera\nAcme")).toBe(true);
    },
  );

  it.each(
    [false, true].flatMap((manager) =>
      LEVERS.flatMap((lever) =>
        ["concession_step", "hold"].map((decision) => ({ manager, lever, decision })),
      ),
    ),
  )(
    "a later counter (manager: $manager, lever $lever, $decision)",
    async ({ manager, lever, decision }) => {
      const n = negotiation(manager);
      const i = later(decision, lever);
      const d = await draft(n, i);
      expect(d.template).not.toMatch(/\d|\$/);
      expect(checkDraft(n, i, d, context)).toEqual({ ok: true });
    },
  );

  it.each(
    [false, true].flatMap((manager) =>
      [[], ["timing"] as const].map((topics) => ({ manager, topics: [...topics] })),
    ),
  )("asking for their rate (manager: $manager, answering $topics)", async ({ manager, topics }) => {
    const n = negotiation(manager);
    const reply = { ...asked(...topics), intent: "counter" as const, pushedBackWithoutRate: true };
    const i = intent("answer", null, { reply });
    const d = await draft(n, i);
    expect(d.template).not.toMatch(/\d|\$/);
    expect(checkDraft(n, i, d, context)).toEqual({ ok: true });
  });

  it("passes without a handle, a name or an offer", async () => {
    for (const purpose of EMAIL_PURPOSES) {
      const n = negotiation(false, " ", null);
      const i = intent(purpose, null, { offer: null, theirAskCents: null });
      const d = await draft(n, i);
      expect(d.body.startsWith("Hi there,")).toBe(true);
      if (purpose !== "agreement") expect(checkDraft(n, i, d, context)).toEqual({ ok: true });
    }
  });
});

describe("OfflineEmailWriter: content", () => {
  it("opening: subject, greeting, offer, handle and scope", async () => {
    const d = await draft(negotiation(), intent("opening"));
    expect(d.subject).toBe("Acme x Jane Doe: partnership on Instagram");
    expect(d.body.startsWith("Hi Jane,")).toBe(true);
    expect(d.body).toContain("We'd like to offer $1,250.50 for the collaboration below.");
    expect(d.body).toContain("(@janedoe)");
    expect(d.body).toContain("--- Scope of work ---");
  });

  it("addresses a manager formally and refers to the creator by first name", async () => {
    const d = await draft(negotiation(true), intent("opening"));
    expect(d.body.startsWith("Hello,")).toBe(true);
    expect(d.body).toContain("partnership with Jane");
    expect(d.body).toContain("Kind regards,\nSam Rivera\nAcme");
  });

  it("counter quotes their ask as theirs and states our offer", async () => {
    const d = await draft(negotiation(), intent("counter"));
    expect(d.body).toContain("your rate of $3,000");
    expect(d.body).toContain("come back with $1,250.50");
  });

  it("a later counter does not repeat the first: it takes up their new ask, and says when we hold", async () => {
    const moved = await draft(negotiation(), later("concession_step"));
    expect(moved.body).toContain("Thanks for coming back to us with your rate of $3,000.");
    expect(moved.body).toContain("Our offer is now $1,250.50 for the scope below.");
    expect(moved.body).toContain("Does this work for you?");
    expect(moved.body).not.toContain("getting back to us");
    expect(moved.body).not.toContain("really love to make this work");
    const held = await draft(negotiation(), later("hold"));
    expect(held.body).toContain("we need to stay at $1,250.50 for the scope below for now");
    expect(held.body).not.toContain("Our offer is now");
    const manager = await draft(negotiation(true), later("concession_step"));
    expect(manager.body).toContain("Thank you for coming back to us with your rate of $3,000.");
  });

  it("a smaller scope is proposed once, with its price", async () => {
    const d = await draft(negotiation(), intent("counter", "deliverable_tier"));
    expect(d.body).toContain(
      "That's more than our budget allows for the full package, so we'd suggest a smaller scope: 1 Instagram Reel + 2 Stories for $1,250.50.",
    );
    expect(d.body).not.toContain("come back with");
    expect(d.body.match(/smaller scope/g)).toHaveLength(1);
  });

  it.each([
    [
      "deliverable_tier",
      "we'd suggest a smaller scope: 1 instagram reel + 2 stories for $1,250.50",
    ],
    ["usage_rights", "shortened the usage rights to 90 days of paid and organic usage"],
    ["product", "a lumen desk lamp (a $189 value)"],
    ["syndication", "cross-post the content on acme's own channels"],
    ["share_cpm_target", "$25 cpm target"],
  ] as const)("lever %s changes the wording", async (lever, phrase) => {
    const d = await draft(negotiation(), intent("counter", lever));
    expect(d.body.toLowerCase()).toContain(phrase);
  });

  it("does not state the CPM target or the product value without their lever", async () => {
    const d = await draft(negotiation(), intent("counter", "deliverable_tier"));
    expect(d.body).not.toContain("$25");
    expect(d.body).not.toContain("$189");
  });

  it("answers questions by topic, from decided values only", async () => {
    const d = await draft(
      negotiation(),
      intent("answer", null, { reply: asked("deliverables", "payment") }),
    );
    expect(d.body).toContain("the scope of work below lists exactly what we're asking for");
    expect(d.body).toContain("our terms are Net 30 after the content goes live");
    expect(d.body).not.toMatch(/checking|get back to you|come back to you/);
  });

  it("answers from the brief: timing, revisions, approval, exclusivity, product, the FAQ", async () => {
    const n = opened({
      creator: { name: "Jane Doe", handle: "@janedoe" },
      terms: {
        brief: {
          postingWindow: { start: "2026-03-03", end: "2026-03-17" },
          revisionRounds: 2,
          contentApproval: true,
          exclusivity: { days: 30, category: "skincare" },
          productDetails: "the Glow Serum starter kit, shipped after signing",
          faq: [{ question: "Can I use music?", answer: "Yes, any royalty-free track works." }],
        },
      },
    });
    const i = intent("answer", null, {
      reply: {
        ...asked("timing", "revisions", "approval", "exclusivity", "product"),
        faq: [0],
      },
    });
    const d = await draft(n, i);
    expect(d.body).toContain("the content goes live between March 3, 2026 and March 17, 2026");
    expect(d.body).toContain("the brief includes two rounds of revisions");
    expect(d.body).toContain("we review the draft before it goes live");
    expect(d.body).toContain("exclusivity in the skincare category for 30 days after posting");
    expect(d.body).toContain("the Glow Serum starter kit, shipped after signing");
    expect(d.body).toContain("Yes, any royalty-free track works.");
    expect(checkDraft(n, i, d, context)).toEqual({ ok: true });
  });

  it("says a question went to the team only when it did, and answers nothing unasked", async () => {
    const team = await draft(
      negotiation(),
      intent("counter", null, { reply: { ...asked(), intent: "counter", askedTeam: true } }),
    );
    expect(team.body).toContain("I've passed your question on to the team");
    const none = await draft(negotiation(), intent("counter"));
    expect(none.body).not.toMatch(/question|On usage|On payment|team/);
  });

  it("asked for more without a number: our offer stands and we ask for their rate", async () => {
    const reply = { ...asked(), intent: "counter" as const, pushedBackWithoutRate: true };
    const d = await draft(negotiation(), intent("answer", null, { reply }));
    expect(d.body).toContain("Thanks for getting back to us.");
    expect(d.body).toContain("Our offer is $1,250.50 for the scope below.");
    expect(d.body).toContain("what rate did you have in mind?");
    expect(d.body).not.toContain("To recap");
    const manager = await draft(negotiation(true), intent("answer", null, { reply }));
    expect(manager.body).toContain("what fee did you have in mind for Jane?");
  });

  it("answers a usage question with the usage on the table", async () => {
    const d = await draft(negotiation(), intent("counter", null, { reply: asked("usage_rights") }));
    expect(d.body).toContain("On usage rights: 90 days of paid and organic usage");
  });

  it("greets a manager by name when their email gives it", async () => {
    const n = {
      ...negotiation(true),
      counterparty: { type: "manager" as const, agency: "bigtalent.com", name: "Dana" },
    };
    const d = await draft(n, intent("counter"));
    expect(d.body.startsWith("Hi Dana,")).toBe(true);
  });

  it("agreement: fee, the scope with payment terms, numbered next steps; terms stated once", async () => {
    const d = await draft(negotiation(), intent("agreement"));
    expect(d.body).toContain("The agreed fee is $1,250.50");
    expect(d.body.match(/Net 30 after the content goes live/g)).toHaveLength(1);
    expect(d.body).toMatch(/Next steps:\n1\. .+\n2\. .+\n3\. .+/);
    expect(d.subject).toBe("Acme x Jane Doe: partnership confirmed");
  });

  it("follow-ups are short and differ between the first and the second", async () => {
    const n = negotiation();
    const first = await draft(n, intent("follow_up", null, { followUpNumber: 1 }));
    const second = await draft(n, intent("follow_up", null, { followUpNumber: 2 }));
    expect(first.body).not.toBe(second.body);
    expect(first.body).toContain("$1,250.50");
    expect(second.body).not.toContain("$");
    expect(first.body.length).toBeLessThan(400);
    expect(second.body.length).toBeLessThan(400);
  });

  it("walk-away is polite, names no amount and leaves the door open", async () => {
    const d = await draft(negotiation(), intent("walk_away"));
    expect(d.body).not.toContain("$");
    expect(d.body).toContain("Thank you so much");
    expect(d.body).toContain("feel free to reply here anytime");
  });

  it("decline acknowledgement thanks them", async () => {
    const d = await draft(negotiation(), intent("decline_ack"));
    expect(d.body).toContain("Thanks for letting us know");
  });

  it("campaign payment terms with a trailing period are stated once, cleanly", async () => {
    const n = opened({ terms: campaignTerms({ paymentTerms: "Net 45 after posting." }) });
    const d = await draft(n, intent("answer", null, { reply: asked("payment") }));
    expect(d.body).toContain("our terms are Net 45 after posting.");
    expect(d.body).not.toContain("posting..");
  });
});
