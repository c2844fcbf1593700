import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SLACK_WINDOW_MS, verifySlackSignature } from "../../src/slack/verify";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const NOW = 1_700_000_000_000;
const TS = String(NOW / 1000);
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fparley&text=status+maya%40gmail.com";

/** The expected signature, computed independently with node:crypto. */
const sign = (body: string, ts = TS, secret = SECRET) =>
  `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;

const verify = (over: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SECRET,
    timestamp: TS,
    signature: sign(BODY),
    rawBody: BODY,
    now: NOW,
    ...over,
  });

describe("verifySlackSignature", () => {
  it("accepts Slack's documented example vector", async () => {
    // The example from Slack's "Verifying requests from Slack" guide.
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(
      await verifySlackSignature({
        signingSecret: "8f742231b10e8888abcd99yyyzzz85a5",
        timestamp: "1531420618",
        signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        rawBody: body,
        now: 1531420618_000,
      }),
    ).toEqual({ ok: true });
  });

  it("accepts a signature computed over the raw body, within the window both ways", async () => {
    expect(await verify()).toEqual({ ok: true });
    expect(await verify({ signature: sign(BODY).toUpperCase().replace("V0=", "v0=") })).toEqual({
      ok: true,
    });
    expect(await verify({ now: NOW + SLACK_WINDOW_MS })).toEqual({ ok: true });
    expect(await verify({ now: NOW - SLACK_WINDOW_MS })).toEqual({ ok: true });
  });

  it("refuses a tampered body, a wrong secret or a signature for another timestamp", async () => {
    const bad = { ok: false, reason: "bad_signature" };
    expect(await verify({ rawBody: BODY.replace("maya", "mallory") })).toEqual(bad);
    expect(await verify({ signature: sign(BODY, TS, "another-secret") })).toEqual(bad);
    expect(await verify({ signature: sign(BODY, String(NOW / 1000 - 1)) })).toEqual(bad);
    expect(await verify({ rawBody: `${BODY} ` })).toEqual(bad);
  });

  it("refuses timestamps more than five minutes away, in either direction", async () => {
    const stale = { ok: false, reason: "stale" };
    expect(await verify({ now: NOW + SLACK_WINDOW_MS + 1000 })).toEqual(stale);
    expect(await verify({ now: NOW - SLACK_WINDOW_MS - 1000 })).toEqual(stale);
    const sixMinutesOld = String(NOW / 1000 - 360);
    expect(
      await verify({ timestamp: sixMinutesOld, signature: sign(BODY, sixMinutesOld) }),
    ).toEqual(stale);
  });

  it("refuses missing or malformed headers", async () => {
    const missing = { ok: false, reason: "missing_headers" };
    expect(await verify({ timestamp: null })).toEqual(missing);
    expect(await verify({ signature: undefined })).toEqual(missing);
    expect(await verify({ timestamp: "soon" })).toEqual(missing);
    expect(await verify({ timestamp: "-5" })).toEqual(missing);
    expect(await verify({ signature: "v1=abc" })).toEqual(missing);
    expect(await verify({ signature: sign(BODY).slice(0, -2) })).toEqual(missing);
    expect(await verify({ signature: `${sign(BODY)}00` })).toEqual(missing);
  });
});

describe("verifySlackSignature over bytes", () => {
  it("verifies the raw bytes as sent, including non-ASCII text", async () => {
    const body = "text=caf%C3%A9&payload=%7B%22a%22%3A%22%E2%80%A6%22%7D";
    const bytes = new TextEncoder().encode(body);
    expect(await verify({ rawBody: bytes, signature: sign(body) })).toEqual({ ok: true });
    const raw = "text=café…";
    expect(await verify({ rawBody: new TextEncoder().encode(raw), signature: sign(raw) })).toEqual({
      ok: true,
    });
    const flipped = new TextEncoder().encode(body);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await verify({ rawBody: flipped, signature: sign(body) })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });
});
