import { env, exports } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { type FakeMessage, google, header, replyTo } from "../gmail/helpers";
import { api, eventually, runCron } from "../integration/helpers";

// This project: SENDING_MAILBOXES = deals@, partners@ and offers@parley.example. deals@ is MAIL_FROM,
// the default Gmail account (GMAIL_REFRESH_TOKEN refresh-1); GMAIL_ACCOUNTS gives partners@ a
// Google account of its own (refresh-2) with offers@ as its send-as alias. The fake Google
// (test/fakes/gmail-server.ts) holds the two accounts, each with its own mailbox and tokens.
const DEALS = "deals@parley.example";
const PARTNERS = "partners@parley.example";
const OFFERS = "offers@parley.example";
/** Lena's negotiation, on partners@ (the second test starts it, the third reads her answer). */
let lenaNegotiation = "";

/** What one Google account of the fake holds and has counted. */
const account = async (address: string) =>
  (await (await google(`/__state?account=${encodeURIComponent(address)}`)).json()) as {
    address: string;
    sendCalls: number;
    tokensIssued: number;
    watchCalls: number;
    messages: FakeMessage[];
  };

/** The emails an account of the fake sent to this creator. */
const sentFrom = async (address: string, creator: string) =>
  (await account(address)).messages.filter(
    (m) => m.labelIds.includes("SENT") && header(m.raw, "To").includes(creator),
  );

async function campaign(name: string, mailboxes: string[]): Promise<string> {
  const c = await api("POST", "/api/campaigns", {
    name,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
    mailboxes,
  });
  expect(c.status).toBe(201);
  return c.json.id as string;
}

async function start(campaignId: string, email: string): Promise<string> {
  const n = await api("POST", `/api/campaigns/${campaignId}/negotiations`, {
    creator: { name: email.split("@")[0], email, platform: "instagram", averageViews: 50000 },
  });
  expect(n.status).toBe(201);
  return n.json.id as string;
}

/** A Pub/Sub push of a Gmail notification, signed the way Google signs it. */
async function push(emailAddress: string, historyId: number, messageId: string) {
  const jwk = JSON.parse((env as unknown as { OIDC_PRIVATE_JWK: string }).OIDC_PRIVATE_JWK);
  const token = await new SignJWT({
    email: "gmail-push@parley-test.iam.gserviceaccount.com",
    email_verified: true,
  })
    .setProtectedHeader({ alg: "RS256", kid: "test-key-1", typ: "JWT" })
    .setIssuer("https://accounts.google.com")
    .setAudience("https://parley.test/webhooks/gmail")
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(await importJWK(jwk, "RS256"));
  const body = {
    message: {
      data: btoa(JSON.stringify({ emailAddress, historyId })),
      messageId,
      publishTime: new Date().toISOString(),
    },
    subscription: "projects/parley-test/subscriptions/gmail-push",
  };
  return (
    exports as unknown as { default: { fetch(r: Request): Promise<Response> } }
  ).default.fetch(
    new Request("http://parley.test/webhooks/gmail", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );
}

describe("a sending pool over two Gmail accounts", () => {
  it("renews the watch of every account from the cron; /ready shows each account's watch", async () => {
    const before = (await api("GET", "/ready")).json;
    expect(before.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/gmail watch of deals@parley\.example is missing or expired/),
        expect.stringMatching(/gmail watch of partners@parley\.example is missing or expired/),
      ]),
    );
    expect(before.checks.gmailWatch.detail).toEqual([`${DEALS}: none`, `${PARTNERS}: none`]);

    await runCron();
    expect((await account(DEALS)).watchCalls).toBe(1);
    expect((await account(PARTNERS)).watchCalls).toBe(1);
    const after = (await api("GET", "/ready")).json;
    expect(after.warnings).toEqual([]);
    expect(after.checks.gmailWatch.detail).toEqual([
      expect.stringMatching(/^deals@parley\.example: \d{4}-/),
      expect.stringMatching(/^partners@parley\.example: \d{4}-/),
    ]);
    // A watch with days left is not renewed again.
    await runCron();
    expect((await account(DEALS)).watchCalls).toBe(1);
    expect((await account(PARTNERS)).watchCalls).toBe(1);
  });

  it("shows each sending mailbox with the account it sends through", async () => {
    const { mailboxes } = (await api("GET", "/api/mailboxes")).json;
    expect(
      Object.fromEntries(
        mailboxes.map((m: { address: string; gmailAccount: string }) => [
          m.address,
          m.gmailAccount,
        ]),
      ),
    ).toEqual({ [DEALS]: DEALS, [PARTNERS]: PARTNERS, [OFFERS]: PARTNERS });
    const one = (await api("GET", `/api/mailboxes/${encodeURIComponent(OFFERS)}`)).json;
    expect(one).toMatchObject({ address: OFFERS, gmailAccount: PARTNERS, paused: false });
  });

  it("sends each negotiation's mail through its mailbox's account and reads a reply pushed to that account", async () => {
    await runCron();
    const viaDeals = await start(await campaign("Default account", [DEALS]), "maya@gmail.com");
    const viaPartners = await start(await campaign("Own account", [PARTNERS]), "lena@gmail.com");
    const viaAlias = await start(await campaign("Alias of it", [OFFERS]), "omar@gmail.com");
    lenaNegotiation = viaPartners;
    expect((await api("GET", `/api/negotiations/${viaPartners}`)).json.mailbox).toBe(PARTNERS);

    // Each opening landed in the SENT mail of its own account (sent with that account's token:
    // the fake refuses another account's token for a mailbox), and only there.
    const maya = await eventually(async () => (await sentFrom(DEALS, "maya@gmail.com"))[0]);
    const lena = await eventually(async () => (await sentFrom(PARTNERS, "lena@gmail.com"))[0]);
    const omar = await eventually(async () => (await sentFrom(PARTNERS, "omar@gmail.com"))[0]);
    expect(header(maya.raw, "From")).toContain(DEALS);
    expect(header(lena.raw, "From")).toContain(PARTNERS);
    expect(header(omar.raw, "From")).toContain(OFFERS);
    expect(header(lena.raw, "Reply-To")).toMatch(/^partners\+[a-z2-7]+@parley\.example$/);
    expect(await sentFrom(PARTNERS, "maya@gmail.com")).toEqual([]);
    expect(await sentFrom(DEALS, "lena@gmail.com")).toEqual([]);
    expect(await sentFrom(DEALS, "omar@gmail.com")).toEqual([]);
    expect((await account(PARTNERS)).tokensIssued).toBeGreaterThanOrEqual(1);

    // Lena answers: her reply arrives in the partners@ account, whose push names it.
    const delivered = (await (
      await google(
        `/__deliver?account=${encodeURIComponent(PARTNERS)}`,
        replyTo(lena, "lena@gmail.com", "l1@gmail.com", "Could you do $1,400?", "Creator"),
      )
    ).json()) as { historyId: number };
    expect((await push(PARTNERS, delivered.historyId, "acct-p1")).status).toBe(204);
    const received = await eventually(async () => {
      const events = (await api("GET", `/api/negotiations/${viaPartners}/timeline`)).json
        .events as { type: string; messageId?: string }[];
      const found = events.filter((e) => e.type === "email_received");
      return found.length ? found : null;
    });
    expect(received.map((e) => e.messageId)).toEqual(["<l1@gmail.com>"]);
    // The counter goes out through the same account, in the Gmail thread of the opening.
    const counter = await eventually(async () => (await sentFrom(PARTNERS, "lena@gmail.com"))[1]);
    expect(counter.threadId).toBe(lena.threadId);
    expect(header(counter.raw, "In-Reply-To")).toBe("<l1@gmail.com>");
    // The other negotiations heard nothing.
    for (const id of [viaDeals, viaAlias]) {
      const events = (await api("GET", `/api/negotiations/${id}/timeline`)).json.events as {
        type: string;
      }[];
      expect(events.filter((e) => e.type === "email_received")).toEqual([]);
    }
    expect(await sentFrom(DEALS, "lena@gmail.com")).toEqual([]);
  });

  it("keeps sending from one account while the other's refresh token is revoked", async () => {
    await google(`/__revoke?account=${encodeURIComponent(DEALS)}`, "");
    try {
      const dealsSends = (await account(DEALS)).sendCalls;
      const blocked = await start(await campaign("Revoked", [DEALS]), "rita@gmail.com");
      const open = await start(await campaign("Still open", [PARTNERS]), "sam@gmail.com");
      await eventually(async () => (await sentFrom(PARTNERS, "sam@gmail.com"))[0]);
      // The default account's email cannot get a token: given up on (never retried into the
      // other account), recorded for a person.
      await eventually(async () => {
        const { json } = await api("GET", `/api/audit?negotiationId=${blocked}&type=dead_letter`);
        return json.events.length === 1 ? true : null;
      });
      expect((await account(DEALS)).sendCalls).toBe(dealsSends);
      expect(await sentFrom(PARTNERS, "rita@gmail.com")).toEqual([]);
      expect((await api("GET", `/api/negotiations/${open}`)).json.mailbox).toBe(PARTNERS);

      // The partners@ account also still reads its pushes.
      const lena = (await sentFrom(PARTNERS, "lena@gmail.com"))[1] as FakeMessage;
      const delivered = (await (
        await google(
          `/__deliver?account=${encodeURIComponent(PARTNERS)}`,
          replyTo(lena, "lena@gmail.com", "l2@gmail.com", "Deal, that works for me.", "Creator"),
        )
      ).json()) as { historyId: number };
      expect((await push(PARTNERS, delivered.historyId, "acct-p2")).status).toBe(204);
      // Her acceptance of the counter closes the deal.
      await eventually(async () =>
        (await api("GET", `/api/negotiations/${lenaNegotiation}`)).json.state === "agreed"
          ? true
          : null,
      );
    } finally {
      await google(`/__revoke?account=${encodeURIComponent(DEALS)}&restore=1`, "");
    }
  });
});
