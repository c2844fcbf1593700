import { describe, expect, it } from "vitest";
import { api, deliverEmail, eventually, replyTo, type SentMail, sink } from "./helpers";

/**
 * Who may speak in a thread, through the real email() handler: the creator and the contacts the
 * thread already has speak for the creator's side, a team address takes over only when our
 * receiver authenticated it, and anyone else is recorded, shown to the team and ignored. What we
 * send reaches the last speaker, the creator and every contact, one envelope each.
 */

interface TimelineEvent {
  type: string;
  [key: string]: unknown;
}

const header = (raw: string, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(raw)?.[1]?.trim() ?? "";

/** Results as Cloudflare Email Routing writes them on top of a message it received. */
const cloudflare = (results: string) => `Authentication-Results: mx.cloudflare.net; ${results}`;

async function start(email: string): Promise<string> {
  const c = await api("POST", "/api/campaigns", {
    name: `Identity ${email}`,
    cpmTargetCents: 2500,
    leniencyPct: 20,
    autonomy: "autonomous",
    sendWindow: null,
  });
  expect(c.status).toBe(201);
  const n = await api("POST", `/api/campaigns/${c.json.id}/negotiations`, {
    creator: { name: "Nina Park", email, platform: "instagram", averageViews: 50000 },
  });
  expect(n.status).toBe(201);
  return n.json.id as string;
}

async function timeline(id: string): Promise<TimelineEvent[]> {
  return (await api("GET", `/api/negotiations/${id}/timeline`)).json.events;
}

const ofType = async (id: string, type: string) =>
  (await timeline(id)).filter((e) => e.type === type);

/** Waits until `count` emails were sent (recorded once every recipient got one); returns them. */
const sent = (id: string, count: number) =>
  eventually(async () => {
    const emails = await ofType(id, "email_sent");
    return emails.length >= count ? emails : null;
  }, 20_000);

/** Every envelope the transport took for one email. */
const envelopesOf = async (messageId: unknown): Promise<SentMail[]> =>
  (await sink.sent()).filter((m) => header(m.raw, "Message-ID") === messageId);

const view = async (id: string) => (await api("GET", `/api/negotiations/${id}`)).json;

async function auditOf(id: string, type: string) {
  return (await api("GET", `/api/audit?negotiationId=${id}&type=${type}&limit=100`)).json
    .events as { actor: string; data: Record<string, unknown> }[];
}

async function notificationsOf(id: string, kind: string) {
  return (await api("GET", `/api/notifications?negotiationId=${id}&kind=${kind}`)).json
    .notifications as {
    kind: string;
    title: string;
    detail: string;
    data: { excerpt?: string | null };
  }[];
}

/** Lets queued work settle before checking that nothing more happened. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe("who may speak in a thread", () => {
  it("records a stranger on the reply address, tells the team and changes nothing; the creator is answered as before", async () => {
    const id = await start("nina.stranger@gmail.com");
    const [opening] = await sent(id, 1);
    const [envelope] = await envelopesOf(opening?.messageId);
    const replyAddress = header(envelope?.raw ?? "", "Reply-To");
    expect(replyAddress).toMatch(/^deals\+[a-z2-7]+@parley\.example$/);
    const before = await view(id);

    // Someone who learned the plus-address writes in with an ask, no thread headers.
    const stranger = [
      "From: Mallory <mallory@gmail.com>",
      `To: ${replyAddress}`,
      "Subject: Re: partnership",
      "Message-ID: <stranger-1@gmail.com>",
      `Date: ${new Date().toUTCString()}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      "I manage Nina now. Her rate is $900, cc me on everything.",
      "",
    ].join("\r\n");
    await deliverEmail(stranger, "mallory@gmail.com", replyAddress);
    await deliverEmail(stranger, "mallory@gmail.com", replyAddress);

    const [recorded] = await eventually(async () => {
      const rows = await ofType(id, "email_unverified");
      return rows.length ? rows : null;
    });
    expect(recorded).toMatchObject({
      actor: "unverified",
      from: "mallory@gmail.com",
      messageId: "<stranger-1@gmail.com>",
      unverified: true,
      reason: "not_on_thread",
      authentication: "none",
    });
    expect(recorded?.text).toContain("Her rate is $900");
    const [audit] = await eventually(async () => {
      const rows = await auditOf(id, "unverified_sender");
      return rows.length ? rows : null;
    });
    expect(audit).toMatchObject({
      actor: "system",
      data: {
        from: "mallory@gmail.com",
        verdict: "none",
        reason: "not_on_thread",
        subject: "Re: partnership",
        messageId: "<stranger-1@gmail.com>",
      },
    });
    const [note] = await eventually(async () => {
      const rows = await notificationsOf(id, "unverified_sender");
      return rows.length ? rows : null;
    });
    expect(note?.detail).toContain("mallory@gmail.com");
    expect(note?.data.excerpt).toContain("Her rate is $900");

    await settle();
    // Nothing else: no email, no reading, no state, contacts, ask or timers changed; once only.
    expect(await view(id)).toEqual(before);
    expect(await ofType(id, "email_sent")).toHaveLength(1);
    expect(await ofType(id, "email_received")).toHaveLength(0);
    expect(await ofType(id, "email_unverified")).toHaveLength(1);
    expect(await auditOf(id, "unverified_sender")).toHaveLength(1);
    expect(await auditOf(id, "reply_read")).toHaveLength(0);
    expect(await notificationsOf(id, "unverified_sender")).toHaveLength(1);
    expect((await sink.sent()).filter((m) => m.to === "mallory@gmail.com")).toHaveLength(0);

    // The creator's own reply is read and answered, to the creator alone.
    await replyTo(opening as Record<string, unknown>, {
      from: "Nina Park <nina.stranger@gmail.com>",
      messageId: "<nina-1@gmail.com>",
      text: "Thanks! My rate for this would be $1,400.",
    });
    const [, counter] = await sent(id, 2);
    const copies = await envelopesOf(counter?.messageId);
    expect(copies.map((m) => m.to)).toEqual(["nina.stranger@gmail.com"]);
    expect(header(copies[0]?.raw ?? "", "Cc")).toBe("");
    const after = await view(id);
    expect(after.theirAsk.amountCents).toBe(140000);
    expect(after.contacts).toEqual(["nina.stranger@gmail.com"]);
  });

  it("takes over only for a team address our receiving side authenticated", async () => {
    const cases = [
      { creator: "kai.spoof@gmail.com", headers: [], reason: "team_not_authenticated" },
      {
        creator: "kai.dmarc@gmail.com",
        headers: [cloudflare("dmarc=pass header.from=parley.example")],
      },
      {
        creator: "kai.aligned@gmail.com",
        headers: [
          cloudflare(
            "spf=pass (mx.cloudflare.net: domain of ana@parley.example designates 192.0.2.1 as permitted sender) smtp.mailfrom=ana@parley.example;\r\n\tdkim=pass header.d=parley.example header.s=cf2024-1 header.b=AbC1",
          ),
        ],
      },
      {
        creator: "kai.forged@gmail.com",
        headers: [
          cloudflare(
            "spf=fail smtp.mailfrom=ana@parley.example; dkim=none; dmarc=fail header.from=parley.example",
          ),
          cloudflare("dmarc=pass header.from=parley.example"),
        ],
        reason: "authentication_failed",
      },
    ];
    const ids = await Promise.all(cases.map((c) => start(c.creator)));
    await Promise.all(
      cases.map(async (c, i) => {
        const [opening] = await sent(ids[i] as string, 1);
        await replyTo(opening as Record<string, unknown>, {
          from: "Ana Ruiz <ana@parley.example>",
          messageId: `<team-${i}@parley.example.internal>`,
          text: "I'll take it from here, thanks!",
          headers: c.headers,
        });
      }),
    );
    for (const [i, c] of cases.entries()) {
      const id = ids[i] as string;
      if (!c.reason) {
        await eventually(async () => ((await view(id)).state === "human" ? true : null));
        const [received] = await ofType(id, "email_received");
        expect(received).toMatchObject({
          actor: "user:ana@parley.example",
          authentication: "pass",
        });
        continue;
      }
      const [unverified] = await eventually(async () => {
        const rows = await ofType(id, "email_unverified");
        return rows.length ? rows : null;
      });
      expect(unverified, c.creator).toMatchObject({ from: "ana@parley.example", reason: c.reason });
      expect((await view(id)).state, c.creator).toBe("awaiting_reply");
      expect(await ofType(id, "email_received")).toHaveLength(0);
    }
  });

  it("does not believe the creator's address when our receiver says it failed DMARC", async () => {
    const id = await start("nina.spoofed@gmail.com");
    const [opening] = await sent(id, 1);
    await replyTo(opening as Record<string, unknown>, {
      from: "Nina Park <nina.spoofed@gmail.com>",
      messageId: "<spoofed-1@attacker.example>",
      text: "Great news, I accept! Please pay $5,000 up front.",
      headers: [
        [
          "Authentication-Results: mx.google.com;",
          "       spf=pass (google.com: domain of x@attacker.example designates 203.0.113.9 as permitted sender) smtp.mailfrom=x@attacker.example;",
          "       dmarc=fail (p=NONE sp=QUARANTINE dis=NONE) header.from=gmail.com",
        ].join("\r\n"),
      ],
    });
    const [unverified] = await eventually(async () => {
      const rows = await ofType(id, "email_unverified");
      return rows.length ? rows : null;
    });
    expect(unverified).toMatchObject({
      reason: "authentication_failed",
      authentication: "fail",
    });
    expect(unverified?.authenticationEvidence).toContain("dmarc=fail");
    await settle();
    expect((await view(id)).state).toBe("awaiting_reply");
    expect(await ofType(id, "email_sent")).toHaveLength(1);
  });

  it("brings in the manager a creator copies; the manager's reply is answered to the manager, copying the creator", async () => {
    const creator = "nina.cc@gmail.com";
    const manager = "jordan@brightagency.co";
    const id = await start(creator);
    const [opening] = await sent(id, 1);
    await replyTo(opening as Record<string, unknown>, {
      from: `Nina Park <${creator}>`,
      cc: `Jordan Blake <${manager}>`,
      messageId: "<nina-cc-1@gmail.com>",
      text: "Thanks! Copying Jordan, who handles my partnerships. My rate for this would be $1,400.",
    });
    const [, counter] = await sent(id, 2);
    expect((await view(id)).contacts).toEqual([creator, manager]);
    expect(counter).toMatchObject({ to: creator, cc: manager });

    await replyTo(counter as Record<string, unknown>, {
      from: `Jordan Blake <${manager}>`,
      messageId: "<jordan-1@brightagency.co>",
      text: [
        "Hi, I represent Nina for brand partnerships. We could do $1,350 for the package.",
        "",
        "Best regards,",
        "Jordan Blake",
        "Talent Manager | Bright Agency",
      ].join("\n"),
    });
    const [, , answer] = await sent(id, 3);
    const n = await view(id);
    expect(n.counterparty).toEqual({ type: "manager", agency: "brightagency.co", name: "Jordan" });
    expect(answer).toMatchObject({ to: manager, cc: creator });
    // Greeted by name, from their email's display name.
    expect(String(answer?.text)).toMatch(/^Hi Jordan,/);
    await settle();
    const copies = await envelopesOf(answer?.messageId);
    expect(copies.map((m) => m.to).sort()).toEqual([manager, creator].sort());
    for (const copy of copies) {
      expect(header(copy.raw, "To")).toBe(manager);
      expect(header(copy.raw, "Cc")).toBe(creator);
    }
    expect(copies[0]?.raw).toBe(copies[1]?.raw);
  });

  it("retries only the recipient the transport failed: one copy each, email_sent once", async () => {
    const creator = "lena.fault@gmail.com";
    const manager = "marcus@northstar.example";
    const id = await start(creator);
    const [opening] = await sent(id, 1);
    await sink.failTo(manager, 1);
    await replyTo(opening as Record<string, unknown>, {
      from: `Lena Brooks <${creator}>`,
      cc: `Marcus Reed <${manager}>`,
      messageId: "<lena-fault-1@gmail.com>",
      text: "Looping in Marcus, my manager. My rate for this would be $1,400.",
    });
    const [, counter] = await sent(id, 2);
    await settle();
    const copies = await envelopesOf(counter?.messageId);
    expect(copies.filter((m) => m.to === creator)).toHaveLength(1);
    expect(copies.filter((m) => m.to === manager)).toHaveLength(1);
    // The creator's copy went out once; the manager's failed once and was retried alone.
    expect(await sink.attempts(creator)).toBe(2);
    expect(await sink.attempts(manager)).toBe(2);
    expect(await ofType(id, "email_sent")).toHaveLength(2);
    expect(await auditOf(id, "email_sent")).toHaveLength(2);
    expect(header(copies[0]?.raw ?? "", "Date")).toBe(header(copies[1]?.raw ?? "", "Date"));
  });
});
