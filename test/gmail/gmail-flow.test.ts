import { env, exports } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { api, eventually, runCron } from "../integration/helpers";
import { google, header, mailbox, replyTo, state } from "./helpers";

const timeline = async (id: string) =>
  (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as {
    type: string;
    [k: string]: unknown;
  }[];

const exportsFetch = (request: Request) =>
  (exports as unknown as { default: { fetch(r: Request): Promise<Response> } }).default.fetch(
    request,
  );

describe("Gmail: the team's mailbox, both ways", () => {
  it("sends through Gmail, reads replies from history after a cron-started watch, once each, in the thread", async () => {
    // Before the first cron run /ready warns that no watch exists; the cron starts it (and the cursor).
    expect((await api("GET", "/ready")).json.warnings[0]).toMatch(
      /gmail watch is missing or expired/,
    );
    await runCron();
    expect((await state()).watchCalls).toBe(1);
    expect((await api("GET", "/ready")).json.warnings).toEqual([]);

    const c = await api("POST", "/api/campaigns", {
      name: "Gmail",
      cpmTargetCents: 2500,
      leniencyPct: 20,
      autonomy: "autonomous",
      sendWindow: null,
    });
    const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
      creator: {
        name: "Maya",
        email: "maya@gmail.com",
        platform: "instagram",
        averageViews: 50000,
      },
    });
    // Other files in this project share the fake mailbox: Maya's mail is what goes to her.
    const sentToMaya = async () =>
      (await state()).messages.filter(
        (m) => m.labelIds.includes("SENT") && header(m.raw, "To").includes("maya@gmail.com"),
      );
    const opening = await eventually(async () => (await sentToMaya())[0]);
    expect(header(opening.raw, "Message-ID")).toMatch(/@parley\.example>$/);

    // Three replies arrive while nothing listens (one duplicate of another by Message-ID), then one push.
    const first = (await (
      await google(
        "/__deliver",
        replyTo(opening, "maya@gmail.com", "m1@gmail.com", "Could you do $1,400?"),
      )
    ).json()) as { historyId: number };
    await google(
      "/__deliver",
      replyTo(opening, "maya@gmail.com", "m1@gmail.com", "Could you do $1,400?"),
    );
    const newsletter = [
      "From: News <news@elsewhere.test>",
      "To: deals@parley.example",
      "Subject: Weekly digest",
      "Message-ID: <m2@elsewhere.test>",
      "",
      "Unrelated newsletter",
      "",
    ].join("\r\n");
    await google("/__deliver", newsletter);
    const result = await mailbox().sync({
      historyId: String(first.historyId),
      requestId: "push-1",
    });
    expect(result.delivered).toBe(3);

    const counter = await eventually(async () => (await sentToMaya())[1]);
    expect(counter.threadId).toBe(opening.threadId);
    expect(header(counter.raw, "In-Reply-To")).toBe("<m1@gmail.com>");
    const received = (await timeline(n.json.id)).filter((e) => e.type === "email_received");
    expect(received.map((e) => e.messageId)).toEqual(["<m1@gmail.com>"]);

    // A repeated push and a push older than the cursor change nothing.
    expect(
      await mailbox().sync({ historyId: String(first.historyId), requestId: "push-1" }),
    ).toEqual({ delivered: 0, skipped: 0 });
    expect(await sentToMaya()).toHaveLength(2);

    // The access token is revoked mid-run: the next call refreshes it.
    const before = (await state()).tokensIssued;
    await google("/__expire-tokens", "");
    await google(
      "/__deliver",
      // Our counter was the 50% step, $1,375 (their same $1,400 again would earn a quarter step
      // only): they take it.
      replyTo(counter, "maya@gmail.com", "m3@gmail.com", "Deal, that works for me."),
    );
    await mailbox().sync({ historyId: "0", requestId: "push-2" });
    await eventually(async () =>
      (await api("GET", `/api/negotiations/${n.json.id}`)).json.state === "agreed" ? true : null,
    );
    expect((await state()).tokensIssued).toBeGreaterThan(before);
  });
});

describe("Gmail push webhook", () => {
  const push = (token: string | null, body: unknown) =>
    exportsFetch(
      new Request("http://parley.test/webhooks/gmail", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
  const envelope = (historyId: string, messageId: string) => ({
    message: {
      data: btoa(JSON.stringify({ emailAddress: "deals@parley.example", historyId })),
      messageId,
      publishTime: new Date().toISOString(),
    },
    subscription: "projects/parley-test/subscriptions/gmail-push",
  });
  async function sign(claims: Record<string, unknown>) {
    const jwk = JSON.parse((env as unknown as { OIDC_PRIVATE_JWK: string }).OIDC_PRIVATE_JWK);
    const key = await importJWK(jwk, "RS256");
    return new SignJWT({
      email: "gmail-push@parley-test.iam.gserviceaccount.com",
      email_verified: true,
      ...claims,
    })
      .setProtectedHeader({ alg: "RS256", kid: "test-key-1", typ: "JWT" })
      .setIssuer("https://accounts.google.com")
      .setAudience(String(claims.aud ?? "https://parley.test/webhooks/gmail"))
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(key);
  }

  it("accepts only Google-signed pushes for our audience and service account, and queues the sync", async () => {
    expect((await push(null, envelope("5", "p0"))).status).toBe(401);
    expect(
      (await push(await sign({ email: "attacker@evil.test" }), envelope("5", "p1"))).status,
    ).toBe(401);
    expect(
      (await push(await sign({ aud: "https://other.test" }), envelope("5", "p2"))).status,
    ).toBe(401);
    // A message arrives; the verified push queues a sync that reads it from the history cursor.
    const stray = [
      "From: Someone <someone@elsewhere.test>",
      "To: deals@parley.example",
      "Subject: Pushed while we listened",
      "Message-ID: <p3@elsewhere.test>",
      "",
      "Hello",
      "",
    ].join("\r\n");
    await google("/__deliver", stray);
    const ok = await push(await sign({}), envelope("99999", "p3"));
    expect(ok.status).toBe(204);
    await eventually(async () => {
      const rows = (await api("GET", "/api/audit?type=email_unmatched&limit=100")).json.events as {
        data: { subject: string };
      }[];
      return rows.some((r) => r.data.subject === "Pushed while we listened") ? true : null;
    });
    // Pub/Sub redelivers the same push: acknowledged, and the message is not read twice.
    expect((await push(await sign({}), envelope("99999", "p3"))).status).toBe(204);
    const bad = await push(await sign({}), {
      message: { data: "not base64 json!", messageId: "p4" },
      subscription: "s",
    });
    expect(bad.status).toBe(400);
    const failures = await eventually(async () => {
      const rows = (await api("GET", "/api/audit?type=security_event&limit=50")).json
        .events as unknown[];
      return rows.length >= 1 ? rows : null;
    });
    expect(failures.length).toBeGreaterThanOrEqual(1);
  });
});
