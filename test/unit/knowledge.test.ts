import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkDraft } from "../../src/domain/draft-rules";
import { fillSlots, SLOT_NAMES, slotValues } from "../../src/domain/draft-slots";
import { findMoneyMentions } from "../../src/domain/money";
import { emailFor } from "../../src/domain/negotiation-branches";
import type { EmailIntent } from "../../src/domain/negotiation-state";
import { QUESTION_TOPICS } from "../../src/domain/question-topics";
import { EMAIL_PURPOSES, type EmailPurpose, PLATFORMS } from "../../src/domain/types";
import {
  KNOWLEDGE_STAGES,
  type KnowledgeExample,
  type KnowledgeStage,
  knowledgeFor,
  knowledgeProblems,
  loadExamples,
  MAX_EXAMPLES,
  parseExample,
  parseFrontMatter,
  STAGE_FOR_PURPOSE,
  selectExamples,
} from "../../src/knowledge";
import { EXAMPLE_SOURCES, PLATFORM_NOTES, PLAYBOOK } from "../../src/knowledge/sources";
import { opened } from "./fixtures/negotiation";
import { makeOffer } from "./fixtures/offer";

const EXAMPLES_DIR = new URL("../../knowledge/examples/", import.meta.url);
const { examples } = loadExamples(EXAMPLE_SOURCES);
const byBody = new Map(examples.map((example) => [example.body, example]));
const stageOf = (body: string): KnowledgeStage | undefined => byBody.get(body)?.stage;
const names = (picked: KnowledgeExample[]) => picked.map((example) => example.name);

/** Stages whose emails carry the code-rendered scope block (draft-rules.ts). */
const WITH_SCOPE: ReadonlySet<KnowledgeStage> = new Set([
  "opening",
  "counter",
  "question",
  "agreement",
]);
const GATE_PURPOSE: Record<KnowledgeStage, EmailPurpose> = {
  opening: "opening",
  counter: "counter",
  question: "answer",
  agreement: "agreement",
  walk_away: "walk_away",
  escalation: "answer",
  follow_up: "follow_up",
};
const PLACEHOLDERS: ReadonlySet<string> = new Set(SLOT_NAMES);

/** The intent an example teaches, with every value its lever brings, as the engine would decide it. */
function intentFor(example: KnowledgeExample): EmailIntent {
  const purpose = GATE_PURPOSE[example.stage];
  // Escalation examples are for people writing without a scope block.
  const offer =
    example.stage === "escalation"
      ? null
      : makeOffer({
          product:
            example.lever === "product"
              ? { description: "a Glow Serum kit", valueCents: 120_00 }
              : null,
          syndication: example.lever === "syndication",
          shareCpmTarget: example.lever === "share_cpm_target",
        });
  return emailFor(purpose, "awaiting_reply", {
    offer,
    // A question example may answer any topic the brief covers.
    reply:
      example.stage === "question"
        ? {
            intent: "question",
            tone: "neutral",
            questionTopics: QUESTION_TOPICS.filter((t) => t !== "other"),
            faq: [],
            askedTeam: false,
            namedRate: false,
          }
        : null,
    lever: example.lever,
    theirAskCents: example.stage === "counter" ? 2500_00 : null,
  });
}

describe("knowledge base content", () => {
  it("imports the Markdown files as their text, and lists every example file", () => {
    const files = readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith(".md"));
    expect(EXAMPLE_SOURCES.map((source) => source.name).sort()).toEqual(files.sort());
    for (const source of EXAMPLE_SOURCES) {
      expect(source.text).toBe(readFileSync(new URL(source.name, EXAMPLES_DIR), "utf8"));
    }
    expect(PLAYBOOK).toContain("# How Parley negotiates");
  });

  it("parses every example, with at least two per stage", () => {
    expect(knowledgeProblems).toEqual([]);
    for (const stage of KNOWLEDGE_STAGES) {
      expect(examples.filter((example) => example.stage === stage).length).toBeGreaterThanOrEqual(
        2,
      );
    }
  });

  it("never contains a literal money amount", () => {
    const texts = [
      ["playbook.md", PLAYBOOK],
      ...Object.entries(PLATFORM_NOTES),
      ...EXAMPLE_SOURCES.map((source) => [source.name, source.text]),
    ];
    for (const [name, text] of texts) {
      expect(findMoneyMentions(text ?? ""), name).toEqual([]);
    }
  });

  it("uses only known placeholders, and the scope block exactly where the email has one", () => {
    for (const example of examples) {
      for (const [, key] of example.body.matchAll(/\{\{(\w+)\}\}/g)) {
        expect(PLACEHOLDERS.has(key ?? ""), `${example.name}: {{${key}}}`).toBe(true);
      }
      const scopeLine = /^\{\{SCOPE_OF_WORK\}\}$/m.test(example.body);
      expect(scopeLine, example.name).toBe(WITH_SCOPE.has(example.stage));
    }
  });

  it("passes the outgoing-email gate once filled: no figures, no commitments, next steps where due", () => {
    const n = opened({
      terms: {
        cpmTargetCents: 25_00,
        brief: {
          postingWindow: { start: "2026-03-03", end: "2026-03-17" },
          revisionRounds: 2,
          contentApproval: true,
          exclusivity: null,
          productDetails: "the Glow Serum starter kit, shipped after signing",
          faq: [],
        },
      },
    });
    const sender = { brandName: "Glow", senderName: "Sam Rivera" };
    for (const example of examples) {
      const intent = intentFor(example);
      const body = fillSlots(example.body, slotValues(n, intent, sender));
      const verdict = checkDraft(
        n,
        intent,
        { subject: "Partnership", body },
        {
          ...sender,
          instructions: [],
        },
      );
      expect(verdict, example.name).toEqual({ ok: true });
    }
  });
});

describe("knowledgeFor", () => {
  it("gives guidance and examples of the right stage for every purpose, platform and voice", () => {
    for (const purpose of EMAIL_PURPOSES) {
      for (const platform of PLATFORMS) {
        for (const counterparty of ["creator", "manager"] as const) {
          const knowledge = knowledgeFor({ purpose, platform, counterparty });
          expect(knowledge.playbook.length).toBeGreaterThan(500);
          expect(knowledge.platform).toBe(knowledgeFor({ purpose: "opening", platform }).platform);
          expect(knowledge.examples.length).toBeGreaterThanOrEqual(1);
          expect(knowledge.examples.length).toBeLessThanOrEqual(MAX_EXAMPLES);
          for (const body of knowledge.examples) {
            expect(stageOf(body), `${purpose}/${platform}`).toBe(STAGE_FOR_PURPOSE[purpose]);
            expect(body.startsWith("---")).toBe(false);
          }
        }
      }
    }
  });

  it("returns each platform's own notes", () => {
    expect(knowledgeFor({ purpose: "opening", platform: "instagram" }).platform).toMatch(/Reel/);
    expect(knowledgeFor({ purpose: "opening", platform: "tiktok" }).platform).toMatch(/Spark Ads/);
    expect(knowledgeFor({ purpose: "opening", platform: "youtube" }).platform).toMatch(
      /Integration/,
    );
  });

  it("prefers the same platform and the same voice", () => {
    const query = { stage: "opening", purpose: "opening", lever: null } as const;
    const tiktok = selectExamples(examples, {
      ...query,
      platform: "tiktok",
      counterparty: "creator",
    });
    expect(names(tiktok)[0]).toBe("opening-tiktok-creator.md");
    expect(names(tiktok)).not.toContain("opening-youtube-manager.md");
    const manager = selectExamples(examples, {
      ...query,
      platform: "tiktok",
      counterparty: "manager",
    });
    expect(names(manager)).toEqual(["opening-youtube-manager.md"]);
  });

  it("shows only the lever the engine chose", () => {
    const query = { stage: "counter", purpose: "counter", counterparty: "creator" } as const;
    const cpm = selectExamples(examples, {
      ...query,
      platform: "youtube",
      lever: "share_cpm_target",
    });
    expect(names(cpm)[0]).toBe("counter-youtube-cpm-target.md");
    const plain = selectExamples(examples, { ...query, platform: "instagram", lever: null });
    expect(plain.every((example) => example.lever === null)).toBe(true);
  });

  it("tells a walk-away from acknowledging their decline", () => {
    const exits = knowledgeFor({ purpose: "walk_away", platform: "instagram" }).examples;
    const acks = knowledgeFor({ purpose: "decline_ack", platform: "instagram" }).examples;
    expect(exits.map((body) => byBody.get(body)?.purpose)).not.toContain("decline_ack");
    expect(acks.map((body) => byBody.get(body)?.purpose)).toEqual(acks.map(() => "decline_ack"));
  });
});

describe("parseFrontMatter", () => {
  it("reads key: value pairs and the body", () => {
    const parsed = parseFrontMatter(
      "---\nStage: counter\nplatform: 'tiktok'\n# a comment\nlever: \"product\"\n---\n\nHi there,\n",
    );
    expect(parsed).toEqual({
      data: { stage: "counter", platform: "tiktok", lever: "product" },
      body: "Hi there,",
      invalidLines: [],
    });
  });

  it("handles CRLF line endings, a byte-order mark and values with colons", () => {
    const parsed = parseFrontMatter("\uFEFF---\r\nstage: opening\r\nnote: a: b\r\n---\r\nBody\r\n");
    expect(parsed.data).toEqual({ stage: "opening", note: "a: b" });
    expect(parsed.body).toBe("Body");
  });

  it("treats text without front matter, or with an unclosed fence, as all body", () => {
    expect(parseFrontMatter("# Title\n\ntext")).toEqual({
      data: {},
      body: "# Title\n\ntext",
      invalidLines: [],
    });
    expect(parseFrontMatter("---\nstage: opening\nno end").data).toEqual({});
  });

  it("reports lines that are not pairs", () => {
    expect(parseFrontMatter("---\nstage: opening\n- a list item\n---\nx").invalidLines).toEqual([
      "- a list item",
    ]);
  });
});

describe("parseExample", () => {
  it("rejects a missing stage, unknown tags and an empty body", () => {
    const parsed = parseExample({ name: "bad.md", text: "---\nplatform: myspace\n---\n" });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error).toEqual([
        "stage is missing",
        'platform: "myspace" is not one of instagram, tiktok, youtube',
        "the email text is empty",
      ]);
    }
  });

  it("leaves a broken file out instead of failing the whole knowledge base", () => {
    const loaded = loadExamples([
      { name: "ok.md", text: "---\nstage: follow_up\n---\nJust checking in." },
      { name: "bad.md", text: "---\nstage: haggling\n---\nHi" },
    ]);
    expect(loaded.examples.map((example) => example.name)).toEqual(["ok.md"]);
    expect(loaded.problems).toEqual([
      {
        name: "bad.md",
        problems: [
          'stage: "haggling" is not one of opening, counter, question, agreement, walk_away, escalation, follow_up',
        ],
      },
    ]);
  });
});
