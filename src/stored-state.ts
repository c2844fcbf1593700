import * as z from "zod/mini";
import { systemAuditEvent } from "./ports/audit-sink";
import type { EffectMessage } from "./queues/messages";
import { issuesOf } from "./rpc-input";

/**
 * Where a stored value lives. The negotiation object: a `meta` key, an outbox, inbox or history
 * row. The mailbox object's send ledger: a `send_state` key or a `send_effects` row.
 */
export type StoredPlace = "meta" | "outbox" | "inbox" | "history" | "send_state" | "send_effects";

/**
 * A Durable Object's stored value that its codec cannot read. Never a cast and never a guess: a
 * row is set aside (kept for a person to inspect, never retried) and reported; an unreadable
 * value the object cannot work without stops that work and is reported the same way.
 */
export class StoredStateError extends Error {
  override readonly name = "StoredStateError";

  constructor(
    readonly place: StoredPlace,
    readonly key: string,
    /** `path: problem` lines; never the stored values (they hold emails and names). */
    readonly problems: string[],
  ) {
    super(`stored ${place} ${key} is unreadable: ${problems.join("; ")}`);
  }
}

/** Parses stored JSON text with a codec, or throws StoredStateError naming the place. */
export function readStored<S extends z.core.$ZodType>(
  schema: S,
  text: unknown,
  place: StoredPlace,
  key: string,
): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(String(text));
  } catch {
    // The parser's message quotes the text: say only that it is not JSON.
    throw new StoredStateError(place, key, ["not valid JSON"]);
  }
  const parsed = z.safeParse(schema, json);
  if (!parsed.success) throw new StoredStateError(place, key, clipped(issuesOf(parsed.error)));
  return parsed.data;
}

/** Enough to find the fault; a value broken throughout would otherwise list every field. */
const MAX_PROBLEMS = 5;
const MAX_PROBLEM_CHARS = 200;

function clipped(problems: string[]): string[] {
  const shown = problems
    .slice(0, MAX_PROBLEMS)
    .map((p) => (p.length > MAX_PROBLEM_CHARS ? `${p.slice(0, MAX_PROBLEM_CHARS - 1)}…` : p));
  const more = problems.length - shown.length;
  return more > 0 ? [...shown, `and ${more} more`] : shown;
}

const MAX_REASON = 1500;

/** Whose storage: a negotiation (its id) or a mailbox (its address). */
export type StoredOwner = { negotiationId: string } | { mailbox: string };

/**
 * The team notification and audit row for an unreadable value, logged as they are made. Ids are
 * deterministic, so a report repeated by a later alarm or call lands once.
 */
export function unreadableReport(
  owner: StoredOwner,
  error: StoredStateError,
  at: number,
): EffectMessage[] {
  const negotiationId = "negotiationId" in owner ? owner.negotiationId : null;
  const ownerId = "negotiationId" in owner ? owner.negotiationId : `mailbox:${owner.mailbox}`;
  console.error(
    JSON.stringify({
      msg: "stored state unreadable",
      owner: ownerId,
      place: error.place,
      key: error.key,
      problems: error.problems,
    }),
  );
  const id = `unreadable:${ownerId}:${error.place}:${error.key}`;
  const iso = new Date(at).toISOString();
  const reason = error.problems.join("; ").slice(0, MAX_REASON);
  const held = error.place === "meta" || error.place === "send_state";
  const storage = negotiationId ? "negotiation storage" : "mailbox storage";
  return [
    {
      type: "notify",
      version: 1,
      key: `notify:${id}`,
      requestId: null,
      notification: {
        id,
        at: iso,
        kind: "unreadable_state",
        campaignId: null,
        negotiationId,
        title: `Stored data in ${storage} could not be read`,
        detail: held
          ? `Parley cannot read ${error.place} ${error.key}; its work there is on hold until someone repairs it.`
          : `Parley set aside an unreadable ${error.place} row (${error.key}): nothing was sent or applied from it.`,
        data: {
          failure: {
            queue: storage,
            kind: `${error.place} ${error.key.split(":")[0]}`,
            key: error.key,
            attempts: 1,
            reason,
          },
        },
      },
    },
    {
      type: "audit",
      version: 1,
      key: `audit:${id}`,
      requestId: null,
      event: systemAuditEvent({
        id,
        at: iso,
        type: "stored_state_unreadable",
        negotiationId,
        requestId: null,
        data: { owner: ownerId, place: error.place, key: error.key, problems: error.problems },
      }),
    },
  ];
}
