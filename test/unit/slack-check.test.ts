import { describe, expect, it } from "vitest";
import { checkSlack } from "../../src/http/slack-check";
import { testConfig } from "./fixtures/config";

const config = testConfig;

const slack = (token: string) =>
  config({
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: "s".repeat(32),
    SLACK_TEAM_ID: "T0BRAND",
    SLACK_CHANNEL_ESCALATIONS: "C1",
    SLACK_CHANNEL_APPROVALS: "C2",
    SLACK_CHANNEL_AGREEMENTS: "C3",
  });

/** auth.test as Slack answers it: the token's workspace, or `invalid_auth`. */
const authTest =
  (tokens: Record<string, string>): typeof fetch =>
  async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    expect(url).toBe("https://slack.com/api/auth.test");
    const token = String(new Headers(init?.headers).get("authorization")).replace("Bearer ", "");
    const team = tokens[token];
    return Response.json(
      team
        ? { ok: true, team_id: team, user_id: "U0BOT", team: "Brand", user: "parley" }
        : { ok: false, error: "invalid_auth" },
    );
  };

describe("/ready Slack check", () => {
  const api = authTest({ "xoxb-good": "T0BRAND", "xoxb-other": "T0OTHER" });

  it("is skipped without Slack", async () => {
    expect(await checkSlack(config({}))).toBeNull();
  });

  it("passes for a token of the configured workspace", async () => {
    expect(await checkSlack(slack("xoxb-good"), api)).toEqual({
      ok: true,
      detail: "workspace T0BRAND, bot user U0BOT",
    });
  });

  it("fails for a token of another workspace, and for a revoked token", async () => {
    expect(await checkSlack(slack("xoxb-other"), api)).toMatchObject({
      ok: false,
      detail: expect.stringContaining("workspace T0OTHER, not SLACK_TEAM_ID T0BRAND"),
    });
    expect(await checkSlack(slack("xoxb-revoked"), api)).toMatchObject({
      ok: false,
      detail: expect.stringContaining("invalid_auth"),
    });
  });
});
