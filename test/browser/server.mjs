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
  return { api, outbox, reply };
}
