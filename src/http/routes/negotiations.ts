import { Hono } from "hono";
import { negotiationStub } from "../../negotiation/client";
import type { CommandName } from "../../negotiation/types";
import type { AppEnv } from "../context";
import { ApiError, notFound } from "../errors";
import { ActorSchema, AnswerSchema, ApproveSchema, RejectSchema } from "../schemas";
import { jsonBody } from "../validate";

function stubOf(c: { env: AppEnv["Bindings"]; req: { param(name: "id"): string } }) {
  const stub = negotiationStub(c.env, c.req.param("id"));
  if (!stub) throw notFound("Negotiation");
  return stub;
}

/** A Map, not an object: the path segment is user input ("constructor", "__proto__"…). */
const COMMANDS = new Map<string, CommandName>([
  ["pause", "pause"],
  ["resume", "resume"],
  ["stop", "stop"],
  ["takeover", "takeover"],
  ["release", "release"],
  ["approve", "approve"],
  ["reject-draft", "reject_draft"],
  ["answer", "answer"],
]);

export const negotiationRoutes = new Hono<AppEnv>()
  .get("/:id", async (c) => {
    const view = await stubOf(c).get();
    if (!view) throw notFound("Negotiation");
    return c.json(view);
  })
  .get("/:id/timeline", async (c) => {
    const events = await stubOf(c).timeline();
    if (!events) throw notFound("Negotiation");
    return c.json({ events });
  })
  .post("/:id/:command", async (c) => {
    const command = COMMANDS.get(c.req.param("command"));
    if (!command) throw notFound("Command");
    const stub = stubOf(c);
    const schema =
      command === "approve"
        ? ApproveSchema
        : command === "reject_draft"
          ? RejectSchema
          : command === "answer"
            ? AnswerSchema
            : ActorSchema;
    const body = (await jsonBody(c, schema, {
      optional: command !== "reject_draft" && command !== "answer",
    })) as {
      text?: string;
      reason?: string;
    };
    const outcome = await stub.command({
      command,
      // The verified identity; an `actor` in the body is accepted for old clients and ignored.
      actor: c.var.actor,
      requestId: c.var.requestId,
      text: body.text ?? null,
      reason: body.reason ?? null,
    });
    if (outcome.ok) return c.json(outcome.negotiation);
    if (outcome.code === "not_found") throw notFound("Negotiation");
    if (outcome.code === "validation_failed" || outcome.code === "invalid_input")
      throw new ApiError("validation_failed", outcome.message, outcome.details);
    throw new ApiError("illegal_command", outcome.message, { state: outcome.state, command });
  });
