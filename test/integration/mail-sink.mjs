// Stands in for Cloudflare's send_email service in tests: records each raw message and can be
// told to fail, or to succeed but report a failure (a send that "timed out").
import { WorkerEntrypoint } from "cloudflare:workers";

const RAW = "EmailMessage::raw";
const state = { sent: [], failNext: 0, failAlways: false, attempts: 0 };

export class MailSink extends WorkerEntrypoint {
  async send(message) {
    state.attempts += 1;
    if (state.failAlways || state.failNext > 0) {
      state.failNext = Math.max(0, state.failNext - 1);
      throw new Error("simulated transport failure (503 from the mail service)");
    }
    const raw = await new Response(message[RAW] ?? message.raw).text();
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
    state.sent.push({ from: message.from, to: message.to, raw });
    return { messageId: id };
  }

  async sent() {
    return state.sent;
  }

  async attempts() {
    return state.attempts;
  }

  async configure(options) {
    state.failNext = options.failNext ?? 0;
    state.failAlways = options.failAlways ?? false;
  }

  async reset() {
    state.sent = [];
    state.failNext = 0;
    state.failAlways = false;
    state.attempts = 0;
  }
}

export default { fetch: () => new Response("mail sink") };
