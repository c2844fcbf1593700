import { describe, expect, it } from "vitest";
import type { Campaign } from "../src/api/types";
import { campaignBody, emptyForm, errorsByField, formFromCampaign } from "../src/lib/campaign-form";

describe("the campaign form", () => {
  it("sends money in cents and every field of the contract", () => {
    const form = {
      ...emptyForm(),
      name: "Spring",
      cpmTarget: "25",
      budget: "15,000",
      maxCostWithoutApproval: "2500.50",
      usageRightsOn: true,
      productOn: true,
      productDescription: "Skincare set",
      productValue: "150",
      sendWindowOn: false,
      followUpDays: "2, 5",
    };
    const { body, errors } = campaignBody(form);
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      name: "Spring",
      cpmTargetCents: 2500,
      budgetCents: 1_500_000,
      maxCostWithoutApprovalCents: 250050,
      usageRights: { targetDays: 90, minimumDays: 30 },
      product: { description: "Skincare set", valueCents: 15000 },
      sendWindow: null,
      followUps: { afterBusinessDays: [2, 5] },
      autonomy: "review",
    });
    expect(body).toMatchObject({ brief: null, tierShares: [100, 70, 50], mailboxes: null });
  });

  it("names fields the browser cannot read before sending", () => {
    const { errors } = campaignBody({ ...emptyForm(), budget: "lots", followUpDays: "two" });
    expect(Object.keys(errors).sort()).toEqual(["budgetCents", "followUps.afterBusinessDays"]);
  });

  it("sends the brief when it is on, and the tier shares one per tier", () => {
    const form = emptyForm();
    form.brief = {
      ...form.brief,
      on: true,
      revisionRounds: "2",
      faq: [
        { question: "Can I post on Sunday?", answer: "Yes" },
        { question: "", answer: "" },
      ],
    };
    const { body } = campaignBody(form);
    expect(body.tierShares).toEqual([100, 70, 50]);
    expect(body.brief).toMatchObject({
      revisionRounds: 2,
      contentApproval: false,
      exclusivity: null,
      postingWindow: null,
      faq: [{ question: "Can I post on Sunday?", answer: "Yes" }],
    });
    expect(campaignBody(emptyForm()).body.brief).toBeNull();
    const twoTiers = {
      ...emptyForm(),
      tiers: ["1 Reel", "3 Stories", ""] as [string, string, string],
    };
    expect(campaignBody(twoTiers).body.tierShares).toEqual([100, 70]);
  });

  it("fills the form from a campaign and back to the same body", () => {
    const campaign = {
      id: "c1",
      name: "Fall",
      externalId: "CU-1",
      cpmTargetCents: 3050,
      leniencyPct: 10,
      minCostPerCreatorCents: null,
      maxCostWithoutApprovalCents: 500000,
      budgetCents: null,
      deliverableTiers: ["1 video", "3 Stories"],
      usageRights: null,
      product: null,
      syndication: true,
      autonomy: "delayed",
      maxRounds: 4,
      sendWindow: { days: ["mon"], start: "10:00", end: "12:00" },
      followUps: { afterBusinessDays: [3] },
      approvalWindowMinutes: 30,
      autoSend: { maxAmountCents: null, minConfidence: 0.9, purposes: ["opening"] },
      paymentTerms: "Net 15",
      brief: null,
      tierShares: [100, 60],
      mailboxes: ["deals@parley.example"],
      createdAt: "",
      updatedAt: "",
      stats: {
        negotiations: 0,
        byState: {},
        agreed: 0,
        avgAgreedCpmCents: null,
        budgetUsedCents: 0,
      },
    } satisfies Campaign;
    const { body } = campaignBody(formFromCampaign(campaign));
    expect(body).toMatchObject({
      cpmTargetCents: 3050,
      deliverableTiers: ["1 video", "3 Stories"],
      autonomy: "delayed",
      approvalWindowMinutes: 30,
      sendWindow: { days: ["mon"], start: "10:00", end: "12:00" },
      autoSend: { minConfidence: 0.9, purposes: ["opening"] },
      paymentTerms: "Net 15",
      externalId: "CU-1",
      tierShares: [100, 60],
      brief: null,
      mailboxes: ["deals@parley.example"],
    });
  });

  it("always sends the creators' sheet, so an edit never drops it", () => {
    const form = {
      ...emptyForm(),
      name: "Sheet",
      sheetUrl: " https://docs.google.com/spreadsheets/d/abc ",
      sheetTab: "",
    };
    expect(campaignBody(form).body).toMatchObject({
      sheetUrl: "https://docs.google.com/spreadsheets/d/abc",
      sheetTab: null,
    });
  });

  it("keys the server's field errors by path", () => {
    expect(
      errorsByField([
        { field: "usageRights.minimumDays", message: "too big" },
        { field: "deliverableTiers.1", message: "empty" },
      ]),
    ).toMatchObject({ "usageRights.minimumDays": "too big", deliverableTiers: "empty" });
  });
});
