import { Hono } from "hono";
import { parseAddress } from "../../domain/email-address";
import { sendingMailbox } from "../../gmail/mailbox-client";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { ActorSchema } from "../schemas";
import { jsonBody } from "../validate";

/**
 * The sending mailbox's send discipline: today's count against the cap, the bounce rate, and the
 * pause a bounce spike causes. Only the mailbox Parley sends from is known here.
 */
function mailboxOf(c: {
  env: AppEnv["Bindings"];
  var: AppEnv["Variables"];
  req: { param(name: "address"): string };
}) {
  const config = c.var.config;
  const parsed = parseAddress(c.req.param("address"));
  if (!parsed || parsed.address !== config.MAIL_FROM.toLowerCase()) throw notFound("Mailbox");
  return sendingMailbox(c.env, config, parsed.address);
}

export const mailboxRoutes = new Hono<AppEnv>()
  /** The mailboxes Parley sends from (today: MAIL_FROM), each with its send discipline. */
  .get("/", async (c) => {
    const config = c.var.config;
    const { mailbox, stub } = sendingMailbox(c.env, config, config.MAIL_FROM);
    return c.json({ mailboxes: [await stub.sendingStatus({ mailbox })] });
  })
  .get("/:address", async (c) => {
    const { mailbox, stub } = mailboxOf(c);
    return c.json(await stub.sendingStatus({ mailbox }));
  })
  .post("/:address/resume", async (c) => {
    const { mailbox, stub } = mailboxOf(c);
    // The body may still carry the old `actor` field; the verified identity is the actor.
    await jsonBody(c, ActorSchema, { optional: true });
    const outcome = await stub.resumeSending({
      mailbox,
      actor: c.var.actor,
      requestId: c.var.requestId,
    });
    if (!outcome.ok) throw new ApiError("not_paused", "The mailbox is not paused.");
    return c.json(outcome.status);
  });
