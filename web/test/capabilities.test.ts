import { describe, expect, it } from "vitest";
import { capabilitiesOf, hasFeature } from "../src/lib/capabilities";

describe("feature detection from the OpenAPI document", () => {
  const doc = {
    paths: {
      "/api/campaigns": {
        post: {
          requestBody: {
            content: { "application/json": { schema: { properties: { name: {}, brief: {} } } } },
          },
        },
      },
      "/api/negotiations/{id}/answer": { post: {} },
    },
  };

  it("offers pending features only when the server documents them", () => {
    const caps = capabilitiesOf(doc);
    expect(hasFeature(caps, "answer")).toBe(true);
    expect(hasFeature(caps, "replay")).toBe(false);
    expect(hasFeature(caps, "globalPause")).toBe(false);
    expect(caps.campaignFields.has("brief")).toBe(true);
    expect(caps.campaignFields.has("tierShares")).toBe(false);
  });

  it("offers nothing before the document arrives", () => {
    expect(hasFeature(undefined, "answer")).toBe(false);
    expect(capabilitiesOf(undefined).campaignFields.size).toBe(0);
  });
});
