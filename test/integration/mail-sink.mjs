// Stands in for Cloudflare's send_email service in tests: records each envelope send (one per
// recipient: the same raw message to each) and can be told to fail, everything or one recipient.
import { WorkerEntrypoint } from "cloudflare:workers";

const RAW = "EmailMessage::raw";
const fresh = () => ({
  sent: [],
  failNext: 0,
  failAlways: false,
  attempts: 0,
  attemptsTo: {},
  failTo: {},
});
let state = fresh();

export class MailSink extends WorkerEntrypoint {
  async send(message) {
    const to = String(message.to).toLowerCase();
    state.attempts += 1;
    state.attemptsTo[to] = (state.attemptsTo[to] ?? 0) + 1;
    if (state.failAlways || state.failNext > 0) {
      state.failNext = Math.max(0, state.failNext - 1);
      throw new Error("simulated transport failure (503 from the mail service)");
    }
    if ((state.failTo[to] ?? 0) > 0) {
      state.failTo[to] -= 1;
      throw new Error(`simulated transport failure for ${to} (503 from the mail service)`);
    }
    const raw = await new Response(message[RAW] ?? message.raw).text();
    const id = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
    state.sent.push({ from: message.from, to: message.to, raw });
    return { messageId: id };
  }

  async sent() {
    return state.sent;
  }

  /** Send attempts in all, or to one envelope recipient. */
  async attempts(to) {
    return to === undefined ? state.attempts : (state.attemptsTo[String(to).toLowerCase()] ?? 0);
  }

  async configure(options) {
    state.failNext = options.failNext ?? 0;
    state.failAlways = options.failAlways ?? false;
  }

  /** The next `times` sends to this recipient fail; others are unaffected. */
  async failTo(to, times) {
    state.failTo[String(to).toLowerCase()] = times;
  }

  async reset() {
    state = fresh();
  }
}

export default { fetch: () => new Response("mail sink") };
