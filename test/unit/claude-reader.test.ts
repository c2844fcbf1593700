import type { MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages/messages";
import { describe, expect, it } from "vitest";
import { AnthropicReplyReader, type Extraction } from "../../src/adapters/anthropic/reply-reader";
import type { ReadRequest } from "../../src/ports/reply-reader";

const EXTRACTION: Extraction = {
  intent: "accept",
  confidence: 0.95,
  proposedAmount: null,
  proposedDeliverables: null,
  usageRightsMentioned: false,
  exclusivityMentioned: false,
  questions: [],
  concerns: [],
  tone: "positive",
  signals: [],
  returnDate: null,
};

/** The Messages API answering every call with one recorded reading; the SDK really runs. */
function model(reading: Partial<Extraction>, seen: MessageCreateParamsNonStreaming[] = []) {
  const fakeFetch: typeof fetch = async (_input, init) => {
    const params = JSON.parse(String(init?.body)) as MessageCreateParamsNonStreaming;
    seen.push(params);
    const input = { ...EXTRACTION, ...reading };
    const body = {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: params.model,
      content: [{ type: "tool_use", id: "toolu_1", name: "record_reading", input }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { "content-type": "application/json", "request-id": "req_1" },
    });
  };
  return fakeFetch;
}

async function read(
  text: string,
  reading: Partial<Extraction>,
  options: { referenceDate?: string; autoSubmitted?: boolean } = {},
) {
  const seen: MessageCreateParamsNonStreaming[] = [];
  const reader = new AnthropicReplyReader({
    apiKey: "test",
    model: "claude-haiku-5-5",
    fetch: model(reading, seen),
    maxAttempts: 1,
    ...(options.referenceDate ? { referenceDate: options.referenceDate } : {}),
  });
  const request: ReadRequest = {
    text,
    subject: "Re: Acme x Jane",
    ourOfferCents: 150_000,
    headers: { autoSubmitted: options.autoSubmitted ?? false, bounce: false },
  };
  return { reading: await reader.read(request), seen };
}

describe("Claude reader: amounts in words are parsed by our code", () => {
  it("confirms an amount the email writes in words", async () => {
    const text = "My rate is two hundred ninety for the story set.";
    const { reading } = await read(text, {
      intent: "counter",
      proposedAmount: "two hundred ninety",
    });
    expect(reading.proposedAmountCents).toBe(290_00);
    expect(reading.confidence).toBe(0.95);
  });

  it("never takes a truncated amount (the old $200 for two hundred ninety)", async () => {
    const text = "My rate is two hundred ninety for the story set.";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "two hundred" });
    expect(reading.proposedAmountCents).toBeNull();
    expect(reading.confidence).toBeLessThan(0.7);
  });

  it("reports an amount that is no one number, never guessing it", async () => {
    const text = "Could you do two fifty for the story set?";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "two fifty" });
    expect(reading.proposedAmountCents).toBeNull();
    expect(reading.confidence).toBeLessThan(0.7);
    expect(reading.concerns.join(" ")).toContain("cannot be read as one amount");
  });

  it("does not confirm a guessed conversion of an ambiguous amount", async () => {
    const text = "Could you do two fifty for the story set?";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$250" });
    expect(reading.proposedAmountCents).toBeNull();
  });
});

describe("Claude reader: raises and add-ons are checked by our code", () => {
  it("confirms the total our code derives from a raise by an amount", async () => {
    const text = "Could you increase it by $300?";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$1,800" });
    expect(reading.proposedAmountCents).toBe(1800_00);
    expect(reading.confidence).toBe(0.95);
  });

  it("never takes the raise itself as their ask (which would agree at $300)", async () => {
    const text = "Could you increase it by $300?";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$300" });
    expect(reading.proposedAmountCents).toBeNull();
    expect(reading.confidence).toBeLessThan(0.7);
    expect(reading.concerns.join(" ")).toContain("add-on to our offer");
  });

  it("never takes an add-on as their whole ask", async () => {
    const text = "I'd need an extra $300 for the stories.";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$300" });
    expect(reading.proposedAmountCents).toBeNull();
    expect(reading.confidence).toBeLessThan(0.7);
  });

  it("confirms a percentage raise on our offer", async () => {
    const text = "Could we bump it 20%?";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$1,800" });
    expect(reading.proposedAmountCents).toBe(1800_00);
  });

  it("an acceptance beside an ask of their own goes to a person", async () => {
    const { reading } = await read("1,450 and it's a deal", { intent: "accept" });
    expect(reading.confidence).toBeLessThan(0.7);
    expect(reading.concerns.join(" ")).toContain("names $1,450, not our offer");
    const ours = await read("Great, $1,500 works for me.", { intent: "accept" });
    expect(ours.reading.confidence).toBe(0.95);
  });

  it("still confirms an ask written as a total beside its add-on", async () => {
    const text = "Stories are an extra $400, so $1,900 total.";
    const { reading } = await read(text, { intent: "counter", proposedAmount: "$1,900" });
    expect(reading.proposedAmountCents).toBe(1900_00);
  });
});

describe("Claude reader: asking for the contract is not legal language", () => {
  it("drops a legal_language signal whose evidence only asks for the contract", async () => {
    const text = "Sounds good, please send over the contract.";
    const { reading } = await read(text, {
      signals: [{ kind: "legal_language", evidence: "please send over the contract" }],
    });
    expect(reading.intent).toBe("accept");
    expect(reading.signals).toEqual([]);
  });

  it("keeps real legal language, from the model or from code", async () => {
    const text = "Sounds good, but my lawyer needs to review the contract before I sign.";
    const quoted = await read(text, {
      signals: [{ kind: "legal_language", evidence: "my lawyer needs to review the contract" }],
    });
    expect(quoted.reading.signals.map((s) => s.kind)).toEqual(["legal_language"]);
    const hidden = await read(text, { signals: [] });
    expect(hidden.reading.signals.map((s) => s.kind)).toEqual(["legal_language"]);
  });
});

describe("Claude reader: return dates resolve against the day the email arrived", () => {
  it("tells the model the day the email arrived", async () => {
    const { seen } = await read(
      "Back Monday.",
      { intent: "out_of_office" },
      {
        referenceDate: "2026-12-02",
      },
    );
    const content = JSON.stringify(seen[0]?.messages[0]?.content);
    expect(content).toContain("The email arrived on Wednesday 2026-12-02.");
  });

  it("keeps the date our parser reads in the email over the model's", async () => {
    const text = "I'm traveling until 12/14 with limited access to email.";
    const { reading } = await read(
      text,
      { intent: "out_of_office", returnDate: "2025-12-14" },
      { referenceDate: "2026-12-02", autoSubmitted: true },
    );
    expect(reading).toMatchObject({ intent: "out_of_office", returnDate: "2026-12-14" });
  });

  it("keeps a plausible model date our parser cannot read, and drops an impossible one", async () => {
    const text = "Away for the holidays, back after New Year.";
    const ok = await read(
      text,
      { intent: "out_of_office", returnDate: "2027-01-04" },
      {
        referenceDate: "2026-12-20",
      },
    );
    expect(ok.reading.returnDate).toBe("2027-01-04");
    const past = await read(
      text,
      { intent: "out_of_office", returnDate: "2026-01-04" },
      {
        referenceDate: "2026-12-20",
      },
    );
    expect(past.reading.returnDate).toBeNull();
    const unreal = await read(
      text,
      { intent: "out_of_office", returnDate: "2027-02-30" },
      {
        referenceDate: "2026-12-20",
      },
    );
    expect(unreal.reading.returnDate).toBeNull();
  });

  it("a person's reply carries no return date", async () => {
    const text = "I'm traveling until 12/14 but $1,500 works for me, let's do it!";
    const { reading } = await read(
      text,
      { intent: "accept", returnDate: "2026-12-14" },
      {
        referenceDate: "2026-12-02",
      },
    );
    expect(reading).toMatchObject({ intent: "accept", returnDate: null });
  });
});
