import type { EffectMessage, EffectType } from "./messages";

/**
 * Side effects travel on three queues, each with its own consumer settings and dead-letter queue,
 * so a down Slack or a slow D1 never delays a creator's email:
 *
 * - `emails`: outgoing mail, the release of mail held by the global pause or a mailbox's bounce
 *   pause, and Gmail inbound sync.
 *   Small batches, few retries with backoff.
 * - `notifications`: the team's notifications (Slack posts and edits) and the Slack buttons and
 *   commands people use. Slack outages are waited out here.
 * - `projections`: the audit trail, the D1 projection of each negotiation and budget bookkeeping.
 *   Idempotent writes, bigger batches, more retries.
 * - `sources`: reading campaign and creator sources (a ClickUp task, a campaign's sheet). One
 *   message at a time: a poll of a long sheet never holds up anyone's email or notification.
 */
export const LANES = ["emails", "notifications", "projections", "sources"] as const;
export type Lane = (typeof LANES)[number];

/** The one routing table: a message type without a lane fails to compile. */
export const LANE_OF = {
  email: "emails",
  release_held: "emails",
  release_deferred: "emails",
  gmail_push: "emails",
  notify: "notifications",
  notifications_resolved: "notifications",
  slack_action: "notifications",
  slack_command: "notifications",
  audit: "projections",
  projection: "projections",
  budget: "projections",
  clickup_task: "sources",
  sheet_poll: "sources",
} as const satisfies Record<EffectType, Lane>;

/** The queue binding of each lane (wrangler.toml `[queues]`). */
export const QUEUE_BINDING = {
  emails: "QUEUE_EMAILS",
  notifications: "QUEUE_NOTIFICATIONS",
  projections: "QUEUE_PROJECTIONS",
  sources: "QUEUE_SOURCES",
} as const satisfies Record<Lane, string>;

/** The message types a lane carries. */
export type LaneMessage<L extends Lane> = Extract<
  EffectMessage,
  { type: { [T in EffectType]: (typeof LANE_OF)[T] extends L ? T : never }[EffectType] }
>;

/** Every lane's producer, typed so a binding only accepts the messages routed to it. */
export type EffectQueues = {
  [L in Lane as (typeof QUEUE_BINDING)[L]]: Queue<LaneMessage<L>>;
};

export const laneOf = (message: EffectMessage): Lane => LANE_OF[message.type];

/** Items grouped by the lane of their message, lanes in `LANES` order, items in their order. */
export function byLane<T>(
  items: readonly T[],
  messageOf: (item: T) => EffectMessage,
): { lane: Lane; items: T[] }[] {
  return LANES.map((lane) => ({
    lane,
    items: items.filter((item) => laneOf(messageOf(item)) === lane),
  })).filter((group) => group.items.length > 0);
}

/** Queues' sendBatch takes at most 100 messages. */
const SEND_BATCH_MAX = 100;

/** Sends messages that all belong to `lane` to its queue. */
export async function sendToLane(
  queues: EffectQueues,
  lane: Lane,
  messages: readonly EffectMessage[],
): Promise<void> {
  const wrong = messages.find((m) => laneOf(m) !== lane);
  if (wrong) throw new TypeError(`a ${wrong.type} message does not belong on the ${lane} queue`);
  // Each binding accepts its lane's messages; the check above holds what the compiler cannot.
  const queue = queues[QUEUE_BINDING[lane]] as Queue<EffectMessage>;
  for (let i = 0; i < messages.length; i += SEND_BATCH_MAX)
    await queue.sendBatch(messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body })));
}

/**
 * Sends each message to its lane's queue. Lanes are sent one after another: when one fails, the
 * lanes before it were sent (callers that keep an outbox mark rows per lane, see
 * `dispatchOutbox`; a repeat is harmless, every effect is idempotent by its key).
 */
export async function enqueue(
  queues: EffectQueues,
  ...messages: readonly EffectMessage[]
): Promise<void> {
  for (const group of byLane(messages, (m) => m)) await sendToLane(queues, group.lane, group.items);
}
