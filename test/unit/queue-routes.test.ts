import { describe, expect, it } from "vitest";
import { type EffectMessage, EffectMessageSchema } from "../../src/queues/messages";
import { byLane, LANE_OF, LANES, type Lane, sendToLane } from "../../src/queues/routes";

const message = (type: EffectMessage["type"], key: string) => ({ type, key }) as EffectMessage;

describe("the effect queues' routing table", () => {
  it("routes every message type of the schema to one of the lanes", () => {
    const types = EffectMessageSchema.def.options.flatMap((o) => o.shape.type.def.values);
    expect(Object.keys(LANE_OF).sort()).toEqual([...types].sort());
    for (const type of types) expect(LANES).toContain(LANE_OF[type]);
  });

  it("keeps creators' email apart from Slack and from D1 bookkeeping", () => {
    const lanes = (lane: Lane) =>
      Object.entries(LANE_OF)
        .filter(([, l]) => l === lane)
        .map(([type]) => type)
        .sort();
    expect(lanes("emails")).toEqual(["email", "gmail_push", "release_deferred", "release_held"]);
    expect(lanes("notifications")).toEqual([
      "notifications_resolved",
      "notify",
      "slack_action",
      "slack_command",
    ]);
    expect(lanes("projections")).toEqual(["audit", "budget", "projection"]);
    expect(lanes("sources")).toEqual(["clickup_task", "sheet_poll"]);
  });

  it("groups a commit's messages by lane, keeping their order within each", () => {
    const written = [
      message("audit", "a1"),
      message("notify", "n1"),
      message("email", "e1"),
      message("projection", "p1"),
      message("email", "e2"),
    ];
    const groups = byLane(written, (m) => m).map((g) => [g.lane, g.items.map((m) => m.key)]);
    expect(groups).toEqual([
      ["emails", ["e1", "e2"]],
      ["notifications", ["n1"]],
      ["projections", ["a1", "p1"]],
    ]);
  });

  it("sends a lane's messages to its binding only, in batches of at most 100", async () => {
    const sent: Record<string, number[]> = {};
    const queue = (name: string) => ({
      sendBatch: async (batch: unknown[]) => {
        sent[name] = [...(sent[name] ?? []), batch.length];
      },
    });
    const queues = {
      QUEUE_EMAILS: queue("emails"),
      QUEUE_NOTIFICATIONS: queue("notifications"),
      QUEUE_PROJECTIONS: queue("projections"),
    } as unknown as Parameters<typeof sendToLane>[0];
    const audits = Array.from({ length: 150 }, (_, i) => message("audit", `a${i}`));
    await sendToLane(queues, "projections", audits);
    expect(sent).toEqual({ projections: [100, 50] });
    await expect(sendToLane(queues, "emails", [message("notify", "n1")])).rejects.toThrow(
      "a notify message does not belong on the emails queue",
    );
  });
});
