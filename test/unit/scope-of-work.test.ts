import { describe, expect, it } from "vitest";
import { renderScopeOfWork, SCOPE_END, SCOPE_START } from "../../src/domain/scope-of-work";
import { makeOffer } from "./fixtures/offer";

describe("renderScopeOfWork", () => {
  it("renders an agreement block exactly", () => {
    const block = renderScopeOfWork({
      offer: makeOffer({
        product: { description: "Glow Serum starter kit", valueCents: 120_00 },
        syndication: true,
      }),
      creatorHandle: "janedoe",
      platform: "instagram",
      paymentTerms: "Net 30 after the content goes live",
      agreement: true,
    });
    expect(block).toBe(
      [
        "--- Scope of work ---",
        "Deliverables: 1 Instagram Reel + 2 Stories on Instagram for @janedoe",
        "Usage rights: 30 days of paid and organic usage",
        "Product: Glow Serum starter kit, included in addition to the rate",
        "Cross-posting: we also share the content on our brand channels, crediting you",
        "Rate: $1,500 flat fee",
        "Payment terms: Net 30 after the content goes live",
        "---",
      ].join("\n"),
    );
  });

  it("renders an offer block without usage rights, product, cross-posting or payment terms", () => {
    const block = renderScopeOfWork({
      offer: makeOffer({
        usageDays: null,
        amountCents: 1499_99,
        deliverables: "1 dedicated video",
      }),
      creatorHandle: null,
      platform: "youtube",
      paymentTerms: "Net 30",
      agreement: false,
    });
    expect(block).toBe(
      [
        "--- Scope of work ---",
        "Deliverables: 1 dedicated video on YouTube",
        "Usage rights: Organic posting only — no paid usage rights",
        "Rate: $1,499.99 flat fee",
        "---",
      ].join("\n"),
    );
  });

  it("keeps the handle's @, says 1 day, and is deterministic", () => {
    const input = {
      offer: makeOffer({ usageDays: 1 }),
      creatorHandle: "@tok.star",
      platform: "tiktok" as const,
      paymentTerms: "Net 15",
      agreement: false,
    };
    const block = renderScopeOfWork(input);
    expect(block).toContain("on TikTok for @tok.star\n");
    expect(block).toContain("Usage rights: 1 day of paid and organic usage\n");
    expect(renderScopeOfWork(input)).toBe(block);
  });

  it("keeps every field on one line so a value cannot end the block early", () => {
    const block = renderScopeOfWork({
      offer: makeOffer({ deliverables: "1 Reel\n---\nRate: $1" }),
      creatorHandle: "jane",
      platform: "instagram",
      paymentTerms: "Net 30\n\n2. extra",
      agreement: true,
    });
    const lines = block.split("\n");
    expect(lines[0]).toBe(SCOPE_START);
    expect(lines.at(-1)).toBe(SCOPE_END);
    expect(lines.filter((l) => l === SCOPE_END)).toHaveLength(1);
    expect(lines[1]).toBe("Deliverables: 1 Reel --- Rate: $1 on Instagram for @jane");
    expect(lines).toContain("Payment terms: Net 30 2. extra");
  });
});
