import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  renderSlackBlocksDoc,
  SAMPLE_NOTIFICATIONS as S,
  SAMPLE_RESOLUTION,
} from "../../scripts/slack-blocks-doc";
import type { Notification } from "../../src/ports/notifier";
import {
  ACTION_IDS,
  buttonValue,
  EDIT_MODAL_CALLBACK_ID,
  editDraftModal,
  notificationMessage,
  parseButtonValue,
  resolvedMessage,
  textMessage,
} from "../../src/slack/blocks";

type Json = Record<string, unknown>;
const epoch = (iso: string) => Date.parse(iso) / 1000;
const DASH = { dashboardUrl: "https://parley.brand.example/" };

const blocksOf = (m: { blocks: unknown[] }) => m.blocks as Json[];
const actionIds = (m: { blocks: unknown[] }) =>
  blocksOf(m)
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements as Json[]).map((e) => e.action_id));
const buttons = (m: { blocks: unknown[] }) =>
  blocksOf(m)
    .filter((b) => b.type === "actions")
    .flatMap((b) => b.elements as Json[]);

/** Every text object in a message, with the kind of block it sits in. */
function texts(m: { blocks: unknown[] }): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const b of blocksOf(m)) {
    const t = b.text as Json | undefined;
    if (t) out.push({ where: `${b.type}`, text: String(t.text) });
    for (const f of (b.fields as Json[] | undefined) ?? [])
      out.push({ where: "field", text: String(f.text) });
    for (const e of (b.elements as Json[] | undefined) ?? [])
      if (b.type === "context") out.push({ where: "context", text: String(e.text) });
  }
  return out;
}
const all = (m: { text: string; blocks: unknown[] }) =>
  [m.text, ...texts(m).map((t) => t.text)].join("\n");

/** Slack's limits, checked the way Slack would reject a message. */
function expectWithinLimits(m: { text: string; blocks: unknown[] }) {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(3000);
  expect(m.blocks.length).toBeLessThanOrEqual(50);
  for (const { where, text } of texts(m)) {
    expect(text.length).toBeGreaterThan(0);
    const max = { section: 3000, field: 2000, header: 150, context: 2000 }[where] ?? 3000;
    expect(text.length, `${where} text`).toBeLessThanOrEqual(max);
    // Clipping never cuts an entity in half.
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
  for (const b of buttons(m)) expect(String(b.value).length).toBeLessThanOrEqual(2000);
}

const withData = (n: Notification, data: Notification["data"]): Notification => ({
  ...n,
  data: { ...n.data, ...data },
});

describe("notification messages", () => {
  it("escalation: who, where, their words, trigger and evidence, rationale, the held draft, buttons", () => {
    const m = notificationMessage(S.escalation, DASH);
    const text = all(m);
    expect(m.text).toBe("🚨 Needs a person: Ask above the ceiling (Maya Lopez)");
    for (const part of [
      "Maya Lopez &lt;maya@lopezmedia.example&gt;",
      "youtube · @mayamakes",
      "Spring Launch 2026",
      "*State*\nEscalated",
      ">Thanks for the offer!",
      "*Trigger:* Exceeds ceiling",
      "• Ceiling: $3,600",
      "Third round: meet halfway",
      "*Subject:* Re: Spring Launch x Maya Lopez",
      ">For one dedicated YouTube video",
      "<https://parley.brand.example/negotiations/neg_maya|Open in dashboard>",
    ])
      expect(text).toContain(part);
    expect(actionIds(m)).toEqual([
      ACTION_IDS.approve,
      ACTION_IDS.edit,
      ACTION_IDS.takeover,
      ACTION_IDS.stop,
    ]);
    const stop = buttons(m).find((b) => b.action_id === ACTION_IDS.stop);
    expect(stop?.confirm).toBeDefined();
    expectWithinLimits(m);
  });

  it("escalation without a held draft offers only take over and stop", () => {
    const m = notificationMessage(withData(S.escalation, { draft: null }), {});
    expect(actionIds(m)).toEqual([ACTION_IDS.takeover, ACTION_IDS.stop]);
    expect(all(m)).not.toContain("Proposed reply");
    expect(all(m)).not.toContain("Open in dashboard");
  });

  it("draft awaiting approval: the full draft, when it sends itself, approve / edit / reject", () => {
    const m = notificationMessage(S.approval, DASH);
    expect(all(m)).toContain(">If that works for you, I'll send the agreement over today.");
    expect(all(m)).toContain(
      `⏱ Sends automatically <!date^${epoch("2026-11-23T15:40:00.000Z")}^{date_short_pretty} at {time}|2026-11-23T15:40:00.000Z>`,
    );
    expect(actionIds(m)).toEqual([ACTION_IDS.approve, ACTION_IDS.edit, ACTION_IDS.reject]);
    const review = notificationMessage(
      withData(S.approval, { draft: { subject: "s", body: "b", autoSendAt: null } }),
      DASH,
    );
    expect(all(review)).not.toContain("Sends automatically");
    expectWithinLimits(m);
  });

  it("agreement: the deal summary and next steps, no buttons", () => {
    const m = notificationMessage(S.agreement, DASH);
    for (const part of [
      "*Amount*\n$3,400",
      "*CPM*\n$23.61 CPM vs $25 target (6% under)",
      "*Deliverables*\n1 dedicated YouTube video (8–12 minutes)",
      "*Usage rights*\n30 days",
      "*Product*\nAurora Pro headphones",
      "*Next steps*\n• Send the written agreement for signature",
      "• Pay on the agreed terms: Net 30 after the content goes live",
    ])
      expect(all(m)).toContain(part);
    expect(actionIds(m)).toEqual([]);
    const noUsage = notificationMessage(
      withData(S.agreement, {
        deal: { ...S.agreement.data.deal, usageDays: null, cpmCents: 2500, product: null },
      }),
      {},
    );
    expect(all(noUsage)).toContain("*Usage rights*\nNone");
    expect(all(noUsage)).toContain("(on target)");
    expect(all(noUsage)).not.toContain("*Product*");
  });

  it("unverified sender: who wrote, why it was not read, their words labelled as theirs; take over only", () => {
    const m = notificationMessage(S.unverified, DASH);
    expect(m.text).toContain(
      "🕵️ Unverified sender: Not read: mail from deals@maya-lopez-mgmt.example",
    );
    expect(all(m)).toContain("not the creator or a contact on this thread");
    expect(all(m)).toContain("*The unverified message*");
    expect(all(m)).not.toContain("*Their latest message*");
    expect(all(m)).toContain("• authentication: pass");
    expect(actionIds(m)).toEqual([ACTION_IDS.takeover]);
    expectWithinLimits(m);
  });

  it("unresponsive creator: take over or stop", () => {
    const m = notificationMessage(S.unresponsive, DASH);
    expect(all(m)).toContain("Jon Park did not reply after 2 follow-ups");
    expect(all(m)).toContain("*Platform*\ntiktok");
    expect(actionIds(m)).toEqual([ACTION_IDS.takeover, ACTION_IDS.stop]);
    expectWithinLimits(m);
  });

  it("dead-lettered failure: queue, kind, key, attempts, reason; nothing to click", () => {
    const m = notificationMessage(S.failure, DASH);
    for (const part of [
      "*Queue*\nparley-emails-dlq",
      "*Kind*\nemail",
      "*Key*\nneg_maya:43:email",
      "*Attempts*\n4",
      "*Reason*\nMailerError: Gmail API messages/send failed (403)",
    ])
      expect(all(m)).toContain(part);
    expect(actionIds(m)).toEqual([]);
    expect(all(m)).not.toContain("Open in dashboard");
  });

  it("stopped, mailbox paused and unknown kinds get a readable message without buttons", () => {
    for (const kind of ["stopped", "mailbox_paused", "quota_warning"]) {
      const m = notificationMessage(
        { ...S.unresponsive, kind, title: `Title for ${kind}`, detail: "Some detail" },
        {},
      );
      expect(actionIds(m)).toEqual([]);
      expect(blocksOf(m)[0]).toMatchObject({ type: "header" });
      expect(all(m)).toContain(`Title for ${kind}`);
      expect(all(m)).toContain("Some detail");
      expectWithinLimits(m);
    }
    const bare = notificationMessage(
      {
        id: "n1",
        at: "not a date",
        kind: "x",
        campaignId: null,
        negotiationId: null,
        title: "T",
        detail: "",
        data: {},
      },
      {},
    );
    expect(bare.text).toBe("🔔 Notification: T");
    expectWithinLimits(bare);
  });
});

describe("Block Kit limits", () => {
  it("clips huge user text with an ellipsis and keeps buttons and footer", () => {
    const huge = withData(S.approval, {
      creator: { ...S.escalation.data.creator, name: "N".repeat(5000) },
      campaignName: "&".repeat(5000),
      excerpt: "<&>".repeat(4000),
      evidence: Array.from({ length: 500 }, (_, i) => `evidence line ${i} ${"x".repeat(40)}`),
      rationale: "r".repeat(9000),
      draft: { subject: "S".repeat(2000), body: "word & more\n".repeat(8000), autoSendAt: null },
    });
    const m = notificationMessage(
      { ...huge, title: "T".repeat(500), detail: "d".repeat(9000) },
      DASH,
    );
    expectWithinLimits(m);
    expect(all(m)).toContain("…");
    expect(actionIds(m)).toEqual([ACTION_IDS.approve, ACTION_IDS.edit, ACTION_IDS.reject]);
    expect(blocksOf(m).at(-1)?.type).toBe("context");
    expectWithinLimits(resolvedMessage(huge, SAMPLE_RESOLUTION, DASH));
  });

  it("splits a long draft over several sections instead of cutting it", () => {
    const body = Array.from(
      { length: 80 },
      (_, i) => `Paragraph ${i}: ${"lorem ipsum ".repeat(6)}`,
    ).join("\n");
    const m = notificationMessage(
      withData(S.approval, { draft: { subject: "s", body, autoSendAt: null } }),
      {},
    );
    expectWithinLimits(m);
    const quoted = texts(m)
      .filter((t) => t.where === "section" && t.text.startsWith(">"))
      .map((t) => t.text);
    expect(quoted.length).toBeGreaterThan(1);
    const joined = quoted.join("\n").replace(/^>/gm, "");
    expect(joined).toBe(body);
  });
});

describe("escaping", () => {
  it("escapes &, < and > in everything a creator or a person wrote", () => {
    const n = withData(S.escalation, {
      creator: {
        name: "<!channel> & co",
        email: "x@y.example",
        platform: "youtube",
        handle: "<@U0BOB>",
      },
      excerpt: "Click <https://evil.example|here> & win > all",
      evidence: ["<!here> now"],
    });
    const m = notificationMessage({ ...n, title: "<!everyone>", detail: "a < b" }, {});
    // The header is plain_text, which Slack never parses for mentions or links.
    expect(blocksOf(m)[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    const text = [
      m.text,
      ...texts(m)
        .filter((t) => t.where !== "header")
        .map((t) => t.text),
    ].join("\n");
    for (const raw of [
      "<!channel>",
      "<https://evil.example|here>",
      "<!here>",
      "<@U0BOB>",
      "<!everyone>",
    ])
      expect(text).not.toContain(raw);
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).toContain(">Click &lt;https://evil.example|here&gt; &amp; win &gt; all");
    expect(text).toContain("a &lt; b");
  });
});

describe("button values", () => {
  it("round-trip, whatever the ids contain", () => {
    for (const [neg, id] of [
      ["neg_maya", "neg_maya:42:0"],
      ['ne"g', "ïd\\}{"],
    ] as const)
      expect(parseButtonValue(buttonValue(neg, id))).toEqual({
        negotiationId: neg,
        notificationId: id,
      });
    for (const bad of ["", "not json", "{}", '{"n":"a"}', '{"n":1,"id":"x"}', "[]", "null"])
      expect(parseButtonValue(bad)).toBeNull();
  });

  it("every button names the message's negotiation and notification", () => {
    for (const n of Object.values(S)) {
      for (const b of buttons(notificationMessage(n, {})))
        expect(parseButtonValue(String(b.value))).toEqual({
          negotiationId: n.negotiationId,
          notificationId: n.id,
        });
    }
  });
});

describe("resolved message", () => {
  it("keeps the summary, drops the buttons and says who did what and when", () => {
    const open = notificationMessage(S.approval, DASH);
    const done = resolvedMessage(S.approval, SAMPLE_RESOLUTION, DASH);
    expect(actionIds(done)).toEqual([]);
    expect(all(done)).not.toContain("Sends automatically");
    expect(all(done)).toContain(
      `✅ Approved and sent by <@U0ALICE> · <!date^${epoch(SAMPLE_RESOLUTION.at)}^{date_short_pretty} at {time}|${SAMPLE_RESOLUTION.at}>`,
    );
    expect(done.text.startsWith("✅ Approved and sent")).toBe(true);
    const summary = (m: { blocks: unknown[] }) =>
      blocksOf(m).filter((b) => b.type === "section" || b.type === "header");
    expect(summary(done)).toEqual(summary(open));
    const byEmail = resolvedMessage(
      S.escalation,
      { label: "Taken over", actor: "ana@brand.example", at: "2026-11-23T15:00:00Z" },
      {},
    );
    expect(all(byEmail)).toContain("✅ Taken over by ana@brand.example");
    const sneaky = resolvedMessage(
      S.escalation,
      { label: "<!channel>", actor: "<!here>", at: "x" },
      {},
    );
    expect(all(sneaky)).toContain("✅ &lt;!channel&gt; by &lt;!here&gt; · x");
  });
});

describe("edit modal", () => {
  it("prefills the draft in block draft / action text and carries the ids", () => {
    const view = editDraftModal({
      negotiationId: "neg_maya",
      notificationId: "neg_maya:43:0",
      subject: "Re: <Spring>",
      body: "Hi Maya,\n\nHow about $3,400?",
    }) as Json;
    expect(view).toMatchObject({ type: "modal", callback_id: EDIT_MODAL_CALLBACK_ID });
    expect(parseButtonValue(String(view.private_metadata))).toEqual({
      negotiationId: "neg_maya",
      notificationId: "neg_maya:43:0",
    });
    const input = (view.blocks as Json[]).find((b) => b.type === "input");
    expect(input).toMatchObject({
      block_id: "draft",
      element: {
        action_id: "text",
        multiline: true,
        initial_value: "Hi Maya,\n\nHow about $3,400?",
      },
    });
    expect(JSON.stringify(view)).toContain("Re: &lt;Spring&gt;");
  });

  it("refuses to prefill a draft Slack would clip, rather than send it clipped", () => {
    const view = editDraftModal({
      negotiationId: "n",
      notificationId: "i",
      subject: "s",
      body: "x".repeat(3001),
    }) as Json;
    expect((view.blocks as Json[]).some((b) => b.type === "input")).toBe(false);
    expect(view.submit).toBeUndefined();
  });
});

describe("text messages", () => {
  it("fit any answer into sections", () => {
    expect(textMessage("*Status*: 3 active")).toEqual({
      text: "*Status*: 3 active",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*Status*: 3 active", verbatim: true } },
      ],
    });
    const long = Array.from({ length: 400 }, (_, i) => `• row ${i} ${"y".repeat(50)}`).join("\n");
    const m = textMessage(long);
    expect(m.blocks.length).toBeGreaterThan(1);
    expectWithinLimits(m);
    expectWithinLimits(textMessage(""));
  });
});

describe("docs/slack-blocks.md", () => {
  it("is what scripts/slack-blocks-doc.ts generates (run it after changing blocks.ts)", () => {
    const doc = readFileSync(new URL("../../docs/slack-blocks.md", import.meta.url), "utf8");
    expect(doc).toBe(renderSlackBlocksDoc());
  });
});
