// The browser tests' server: Parley started the way `npm run dev` does (scripts/local-parley.mjs)
// on a spare port with fresh local state, no spacing between sends.
import { ROOT, startLocalParley, stopLocalParley, until } from "../../scripts/local-parley.mjs";

export { ROOT, until };

export const startServer = () =>
  startLocalParley({
    port: Number(process.env.PORT ?? 8811),
    vars: { SEND_GAP_SECONDS: "0" },
    label: "browser",
  });

/** Stops the server; its state directory is removed by the caller once the run is reported. */
export const stopServer = (server) => stopLocalParley(server, { keep: true });

/** Parley's API with the bootstrap token, and Wrangler's local mail endpoints. */
export function client(server) {
  const api = async (method, path, body) => {
    const res = await fetch(server.base + path, {
      method,
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const outbox = async (to) => {
    const page = await (
      await fetch(`${server.base}/cdn-cgi/local/explorer/api/local/email/sending?per_page=100`)
    ).json();
    return page.result
      .filter((m) => m.to.includes(to))
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  };
  const reply = async (from, name, answered, text) => {
    const raw = [
      `From: ${name} <${from}>`,
      `To: ${answered.replyTo}`,
      `Subject: Re: ${answered.subject.replace(/^Re:\s*/i, "")}`,
      `Message-ID: <browser-${Date.now()}@${from.split("@")[1]}>`,
      `In-Reply-To: ${answered.messageId}`,
      `References: ${answered.messageId}`,
      `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      text.replace(/\r?\n/g, "\r\n"),
    ].join("\r\n");
    const query = new URLSearchParams({ from, to: answered.replyTo });
    const res = await fetch(`${server.base}/cdn-cgi/local/email?${query}`, {
      method: "POST",
      body: raw,
    });
    if (!res.ok) throw new Error(`inbound email → ${res.status} ${await res.text()}`);
  };
  /**
   * One SQL statement on the local D1, through Wrangler's local explorer (test setup only). Its
   * parameters are strings; SQLite's affinity stores numbers typed into INTEGER columns as such.
   */
  const d1 = async (sql, params = []) => {
    const explorer = `${server.base}/cdn-cgi/local/explorer/api/d1/database`;
    const databases = (await (await fetch(explorer)).json()).result;
    const db = databases.find((d) => ["DB", "parley"].includes(d.name)) ?? databases[0];
    const res = await fetch(`${explorer}/${db.uuid}/raw`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sql, params: params.map(String) }),
    });
    if (!res.ok) throw new Error(`D1 ${sql.slice(0, 40)}… → ${res.status} ${await res.text()}`);
    return (await res.json()).result;
  };
  /**
   * A dead-lettered email effect as the dead-letter consumer records one (the local queues never
   * fail on their own). Replaying it is harmless: the negotiation knows no email by that key.
   */
  const failedJob = (negotiationId, n) => {
    const key = `email:${negotiationId}:browser-${n}`;
    const body = { type: "email", version: 1, key, negotiationId, requestId: null };
    return d1(
      "INSERT INTO failed_jobs (id, queue, kind, effect_key, negotiation_id, body, attempts, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        `failed:browser-${n}`,
        "parley-emails-dlq",
        "email",
        key,
        negotiationId,
        JSON.stringify(body),
        5,
        new Date(Date.now() - n * 60_000).toISOString(),
      ],
    );
  };
  return { api, outbox, reply, d1, failedJob };
}
