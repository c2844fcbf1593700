import { Hono } from "hono";
import { parseAddress } from "../../domain/email-address";
import { sameAddress } from "../../domain/mailbox-pool";
import type { Config } from "../../env";
import { accountForSender } from "../../gmail/accounts";
import type { MailboxView, SendingStatus } from "../../gmail/mailbox-api";
import { sendingMailbox } from "../../gmail/mailbox-client";
import { mailboxSettings, ourSendingAddresses } from "../../gmail/mailbox-pool";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { ActorSchema } from "../schemas";
import { jsonBody } from "../validate";

/**
 * Each sending mailbox's send discipline: today's count against its cap, the bounce rate, the
 * pause a bounce spike causes and its load in the pool. Only the pool's mailboxes (and MAIL_FROM)
 * are known here.
 */
function mailboxOf(c: {
  env: AppEnv["Bindings"];
  var: AppEnv["Variables"];
  req: { param(name: "address"): string };
}) {
  const config = c.var.config;
  const parsed = parseAddress(c.req.param("address"));
  const known = parsed && ourSendingAddresses(config).find((a) => sameAddress(a, parsed.address));
  if (!known) throw notFound("Mailbox");
  return sendingMailbox(c.env, config, known);
}

const viewOf = (config: Config, status: SendingStatus): MailboxView => ({
  ...status,
  retired: mailboxSettings(config, status.address).retired,
  gmailAccount:
    config.MAIL_TRANSPORT === "gmail" ? accountForSender(config, status.address).name : null,
});

export const mailboxRoutes = new Hono<AppEnv>()
  /** The mailboxes Parley sends from (the pool, and MAIL_FROM), each with its send discipline. */
  .get("/", async (c) => {
    const config = c.var.config;
    const mailboxes = await Promise.all(
      ourSendingAddresses(config).map((address) => {
        const { mailbox, stub } = sendingMailbox(c.env, config, address);
        return stub.sendingStatus({ mailbox });
      }),
    );
    return c.json({ mailboxes: mailboxes.map((status: SendingStatus) => viewOf(config, status)) });
  })
  .get("/:address", async (c) => {
    const { mailbox, stub } = mailboxOf(c);
    return c.json(viewOf(c.var.config, await stub.sendingStatus({ mailbox })));
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
    return c.json(viewOf(c.var.config, outcome.status));
  });
