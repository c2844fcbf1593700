import { describe, expect, it } from "vitest";
import type { HumanCommand } from "../../src/domain/negotiation-decide";
import { planFollowUps } from "../../src/domain/negotiation-outcomes";
import {
  NEGOTIATION_STATES,
  type NegotiationState,
  TERMINAL_STATES,
} from "../../src/domain/negotiation-state";
import { followUpPlan } from "../../src/domain/schedule";
import {
  campaignTerms,
  DAY,
  DRAFT,
  given,
  HOUR,
  HUMAN_COMMANDS,
  humanCommand,
  MINUTE,
  opened,
  reach,
  reading,
  replyCommand,
  run,
  startCommand,
  T0,
  timerCommand,
} from "./fixtures/negotiation";

const LIVE = NEGOTIATION_STATES.filter((s) => !TERMINAL_STATES.has(s));
const LEGAL: Record<HumanCommand, readonly NegotiationState[]> = {
  pause: LIVE.filter((s) => s !== "paused"),
  resume: ["paused"],
  stop: LIVE,
  takeover: LIVE.filter((s) => s !== "human"),
  release: ["escalated", "human"],
  approve: ["awaiting_approval"],
  reject_draft: ["awaiting_approval"],
  // Only with a question waiting for the team (none of these states has one).
  answer: [],
};
/** Where each legal command leads (`reach("paused")` was paused from `awaiting_reply`). */
const TARGET: Record<HumanCommand, NegotiationState> = {
  pause: "paused",
  resume: "awaiting_reply",
  stop: "stopped",
  takeover: "human",
  release: "awaiting_reply",
  approve: "awaiting_reply",
  reject_draft: "escalated",
  answer: "awaiting_reply",
};
const AT = T0 + 3 * HOUR;
const ACTOR = "user:ops@acme.test";

/** Timers armed by a fresh follow-up plan starting at `at`. */
const freshTimers = (at: number, alreadySent = 0) =>
  planFollowUps(
    followUpPlan(at, { afterBusinessDays: [2, 4] }, null, "America/New_York"),
    alreadySent,
  );

describe("human commands in every public state", () => {
  const pairs = NEGOTIATION_STATES.flatMap((state) =>
    HUMAN_COMMANDS.map((command) => ({ state, command })),
  );

  it.each(pairs.filter(({ state, command }) => LEGAL[command].includes(state)))(
    "$command is legal in $state",
    ({ state, command }) => {
      const { events, after, email } = given(reach(state))
        .when(humanCommand(command, AT))
        .outcome();
      expect(events[0]).toEqual({
        type: "human_action",
        at: AT,
        actor: ACTOR,
        command,
        note: command === "reject_draft" ? "too pushy" : null,
      });
      expect(events).toContainEqual(
        expect.objectContaining({ type: "state_changed", from: state, to: TARGET[command] }),
      );
      expect(after.state).toBe(TARGET[command]);
      expect(email).toBeNull();
    },
  );

  it.each(pairs.filter(({ state, command }) => !LEGAL[command].includes(state)))(
    "$command is illegal in $state",
    ({ state, command }) => {
      const error = given(reach(state)).when(humanCommand(command, AT)).thenRejected();
      expect(error).toMatchObject({ code: "illegal_command", state, command });
      expect(error.message).toContain(state.replace("_", " "));
      expect(error.message).toContain(command.replace("_", " "));
    },
  );

  it.each([...TERMINAL_STATES])("%s rejects every human command", (state) => {
    for (const command of HUMAN_COMMANDS) {
      given(reach(state)).when(humanCommand(command, AT)).thenRejected();
    }
  });

  it("approve and reject_draft are illegal in awaiting_approval without a pending draft", () => {
    const n = { ...reach("awaiting_approval"), pendingApproval: null };
    given(n).when(humanCommand("approve", AT)).thenRejected();
    given(n).when(humanCommand("reject_draft", AT)).thenRejected();
  });
});

describe("documented events of each command", () => {
  it("pause: human_action, then paused; timers stop", () => {
    const { after } = given(opened())
      .when(humanCommand("pause", AT))
      .then([
        { type: "human_action", command: "pause" },
        { type: "state_changed", from: "awaiting_reply", to: "paused", actor: ACTOR },
      ]);
    expect(after.previousState).toBe("awaiting_reply");
    expect(after.timers).toEqual([]);
  });

  it("stop: from paused clears the remembered state", () => {
    const { after } = given(reach("paused"))
      .when(humanCommand("stop", AT))
      .then([
        { type: "human_action", command: "stop" },
        { type: "state_changed", from: "paused", to: "stopped", reason: "stopped" },
      ]);
    expect(after.previousState).toBeNull();
  });

  it("takeover: the agent hands the thread to a person", () => {
    given(opened())
      .when(humanCommand("takeover", AT))
      .then([
        { type: "human_action", command: "takeover" },
        { type: "state_changed", from: "awaiting_reply", to: "human", reason: "takeover" },
      ]);
  });

  it.each(["escalated", "human"] as const)("release from %s re-arms follow-ups", (state) => {
    const { after } = given(reach(state))
      .when(humanCommand("release", AT))
      .then([
        { type: "human_action", command: "release" },
        { type: "state_changed", from: state, to: "awaiting_reply", reason: "released" },
        { type: "timers_set", timers: freshTimers(AT) },
      ]);
    expect(after.timers).toEqual(freshTimers(AT));
  });

  it("approve releases the person's (edited) draft and clears the pending approval", () => {
    const edited = { subject: "Edited subject", body: "Edited body" };
    const n = reach("awaiting_approval");
    const { after } = given(n)
      .when({ type: "approve", at: AT, actor: ACTOR, draft: edited })
      .then([
        { type: "human_action", command: "approve" },
        { type: "draft_cleared", outcome: "approved", actor: ACTOR },
        { type: "email_released", draft: edited, actor: ACTOR, intent: { purpose: "opening" } },
        { type: "state_changed", from: "awaiting_approval", to: "awaiting_reply" },
        { type: "timers_set", timers: freshTimers(AT) },
      ]);
    expect(after).toMatchObject({ pendingApproval: null, emailsReleased: 1 });
  });

  it("reject_draft escalates with the reason and tells a person", () => {
    const { after } = given(reach("awaiting_approval"))
      .when({ type: "reject_draft", at: AT, actor: ACTOR, reason: "wrong tone" })
      .then([
        { type: "human_action", command: "reject_draft", note: "wrong tone" },
        { type: "draft_cleared", outcome: "rejected", reason: "wrong tone" },
        { type: "escalated", reason: "draft_rejected", evidence: ["wrong tone"], actor: ACTOR },
        { type: "state_changed", from: "awaiting_approval", to: "escalated" },
        { type: "notified", kind: "escalation", detail: "wrong tone" },
      ]);
    expect(after).toMatchObject({ state: "escalated", pendingApproval: null, emailsReleased: 0 });
  });
});

describe("pause and resume", () => {
  const origins = [
    "opening",
    "awaiting_reply",
    "awaiting_approval",
    "escalated",
    "human",
    "unresponsive",
  ] as const;

  it.each(origins)("pause remembers %s and resume restores exactly it", (origin) => {
    const before = reach(origin);
    const paused = run(before, humanCommand("pause", AT)).after;
    expect(paused).toMatchObject({ state: "paused", previousState: origin });
    const { events, after } = given(paused)
      .when(humanCommand("resume", AT + HOUR))
      .outcome();
    expect(events[1]).toMatchObject({ type: "state_changed", from: "paused", to: origin });
    expect(after.state).toBe(origin);
    expect(after.previousState).toBeNull();
    expect(after.pendingApproval).toEqual(before.pendingApproval);
    expect(after.lastOffer).toEqual(before.lastOffer);
  });

  it("resume to awaiting_reply re-arms the follow-ups from the resume time", () => {
    const paused = reach("paused");
    const resumeAt = T0 + 5 * DAY;
    given(paused)
      .when(humanCommand("resume", resumeAt))
      .then([
        { type: "human_action", command: "resume" },
        { type: "state_changed", from: "paused", to: "awaiting_reply", reason: "resumed" },
        { type: "timers_set", timers: freshTimers(resumeAt) },
      ]);
  });

  it("resume never arms more follow-ups than the policy allows", () => {
    const n = opened();
    const first = n.timers[0];
    if (!first) throw new Error("no follow-up armed");
    const nudged = run(n, timerCommand(first)).after;
    expect(nudged.followUpsSent).toBe(1);
    const paused = run(nudged, humanCommand("pause", first.at + HOUR)).after;
    const resumeAt = first.at + DAY;
    const { after } = given(paused).when(humanCommand("resume", resumeAt)).outcome();
    const followUps = after.timers.filter((t) => t.name === "follow_up");
    expect(followUps.map((t) => t.n)).toEqual([2]);
    expect(after.timers.filter((t) => t.name === "unresponsive")).toHaveLength(1);
  });

  it("after every follow-up went out, resume arms only the unresponsive timer", () => {
    const n = { ...opened(), followUpsSent: 2 };
    const paused = run(n, humanCommand("pause", AT)).after;
    const { after } = given(paused).when(humanCommand("resume", AT)).outcome();
    expect(after.timers.map((t) => t.name)).toEqual(["unresponsive"]);
    expect(after.timers[0]?.at).toBe(freshTimers(AT)[2]?.at);
  });

  it("a paused negotiation ignores its old timers", () => {
    const n = opened();
    const timer = n.timers[0];
    if (!timer) throw new Error("no timer armed");
    const paused = run(n, humanCommand("pause", AT)).after;
    given(paused).when(timerCommand(timer)).thenNothing();
  });

  it("pausing twice, or resuming what is not paused, is illegal", () => {
    given(reach("paused")).when(humanCommand("pause", AT)).thenRejected();
    given(opened()).when(humanCommand("resume", AT)).thenRejected();
  });
});

describe("timers", () => {
  it("a follow-up fires once, asks for a follow-up email and disarms itself", () => {
    const n = opened();
    const [first, second, unresponsive] = n.timers;
    if (!first || !second || !unresponsive) throw new Error("expected three timers");
    expect(first).toMatchObject({ name: "follow_up", n: 1 });
    const t = given(n).when(timerCommand(first));
    const { email } = t.then([{ type: "timers_set", timers: [second, unresponsive] }]);
    expect(email).toMatchObject({
      purpose: "follow_up",
      followUpNumber: 1,
      targetState: "awaiting_reply",
      offer: n.lastOffer,
    });
    const { after } = t.settle();
    expect(after).toMatchObject({
      state: "awaiting_reply",
      followUpsSent: 1,
      emailsReleased: 2,
      timers: [second, unresponsive],
    });
    // The same timer firing again does nothing.
    given(after).when(timerCommand(first)).thenNothing();
    given(after)
      .when(timerCommand(first, first.at + MINUTE))
      .thenNothing();
  });

  it("a timer that was never armed does nothing", () => {
    given(opened())
      .when(timerCommand({ name: "follow_up", at: T0 + 7 * DAY, n: 1 }))
      .thenNothing();
    given(opened())
      .when(timerCommand({ name: "approval_window", at: T0 + HOUR, n: null }))
      .thenNothing();
  });

  it.each(["escalated", "human", "agreed", "stopped"] as const)(
    "an old follow-up does nothing once the negotiation is %s",
    (state) => {
      const armed = opened().timers[0];
      if (!armed) throw new Error("no timer armed");
      given(reach(state)).when(timerCommand(armed)).thenNothing();
    },
  );

  it("a follow-up due while a draft waits for approval is dropped, not sent", () => {
    const approved = run(reach("awaiting_approval"), humanCommand("approve", AT)).after;
    const [first, second] = approved.timers;
    if (!first || !second) throw new Error("expected follow-ups");
    const waiting = run(approved, timerCommand(first)).after;
    expect(waiting.state).toBe("awaiting_approval");
    const { after } = given(waiting)
      .when(timerCommand(second))
      .then([{ type: "timers_set" }]);
    expect(after.state).toBe("awaiting_approval");
    expect(after.timers).not.toContainEqual(second);
  });

  it("the unresponsive timer makes the negotiation unresponsive and tells the team", () => {
    const n = opened();
    const timer = n.timers.find((t) => t.name === "unresponsive");
    if (!timer) throw new Error("no unresponsive timer");
    const { after } = given(n)
      .when(timerCommand(timer))
      .then([
        { type: "timers_set" },
        { type: "state_changed", from: "awaiting_reply", to: "unresponsive", actor: "system" },
        { type: "notified", kind: "unresponsive" },
      ]);
    expect(after.state).toBe("unresponsive");
    given(after).when(timerCommand(timer)).thenNothing();
  });

  it("delayed autonomy: the approval window releases the pending draft once", () => {
    const n = reach("awaiting_approval", { terms: { autonomy: "delayed" } });
    const window = n.timers.find((t) => t.name === "approval_window");
    expect(window).toEqual({ name: "approval_window", at: T0 + 60 * MINUTE, n: null });
    if (!window || !n.pendingApproval) throw new Error("expected a pending draft");
    const { after } = given(n)
      .when(timerCommand(window))
      .then([
        { type: "timers_set", timers: [] },
        { type: "email_released", actor: "system", draft: n.pendingApproval.draft },
        { type: "state_changed", from: "awaiting_approval", to: "awaiting_reply" },
        { type: "timers_set", timers: freshTimers(window.at) },
      ]);
    expect(after).toMatchObject({ state: "awaiting_reply", pendingApproval: null });
    given(after).when(timerCommand(window)).thenNothing();
  });

  it("delayed autonomy: the window does nothing after a person approved", () => {
    const n = reach("awaiting_approval", { terms: { autonomy: "delayed" } });
    const window = n.timers.find((t) => t.name === "approval_window");
    if (!window) throw new Error("no approval window");
    const approved = run(n, humanCommand("approve", T0 + 10 * MINUTE)).after;
    given(approved).when(timerCommand(window)).thenNothing();
  });
});

describe("settleDraft routes a drafted email by autonomy", () => {
  const start = (autonomy: "autonomous" | "review" | "delayed") =>
    given(null).when(startCommand({ terms: campaignTerms({ autonomy }) }));

  it("autonomous: the email is released at once", () => {
    const { after } = start("autonomous").settle();
    expect(after).toMatchObject({ state: "awaiting_reply", emailsReleased: 1 });
    expect(start("autonomous").settle().events.slice(2)).toMatchObject([
      { type: "email_released", actor: "agent", sendAt: T0, draft: DRAFT },
      { type: "state_changed", from: "opening", to: "awaiting_reply", reason: "opening_sent" },
      { type: "timers_set", timers: freshTimers(T0) },
    ]);
  });

  it("autonomous: a purpose not allowed to auto-send falls back to review, saying why", () => {
    const terms = campaignTerms({
      autonomy: "autonomous",
      autoSend: { maxAmountCents: null, minConfidence: 0.8, purposes: ["counter"] },
    });
    const { events, after } = given(null).when(startCommand({ terms })).settle();
    const held = "opening emails are not sent automatically";
    const heldBecause = [held];
    expect(events.slice(2)).toMatchObject([
      { type: "approval_requested", pending: { autoSendAt: null, heldBecause } },
      { type: "state_changed", from: "opening", to: "awaiting_approval" },
      { type: "notified", kind: "approval_needed", detail: expect.stringContaining(held) },
    ]);
    expect(after).toMatchObject({ state: "awaiting_approval", emailsReleased: 0 });
  });

  it("autonomous: an offer above the auto-send amount falls back to review", () => {
    const terms = campaignTerms({
      autonomy: "autonomous",
      autoSend: { maxAmountCents: 100, minConfidence: 0.8, purposes: ["opening"] },
    });
    const { after } = given(null).when(startCommand({ terms })).settle();
    expect(after.state).toBe("awaiting_approval");
    expect(after.pendingApproval?.heldBecause).toEqual([
      "the offer of $1,250 is above the $1 auto-send limit",
    ]);
  });

  it("autonomous: a question read with confidence below the threshold waits for a person", () => {
    const n = reach("awaiting_reply");
    const asked = { text: "Usage?" };
    const unsure = reading({ intent: "question", questions: ["Usage?"], confidence: 0.75 });
    expect(given(n).when(replyCommand(unsure, asked)).settle().after.state).toBe(
      "awaiting_approval",
    );
    const sure = reading({ intent: "question", questions: ["Usage?"], confidence: 0.95 });
    expect(given(n).when(replyCommand(sure, asked)).settle().after.state).toBe("awaiting_reply");
  });

  it("review: approval is requested and a person is told", () => {
    const { events, after } = start("review").settle();
    expect(events.slice(2)).toMatchObject([
      {
        type: "approval_requested",
        pending: { draft: DRAFT, requestedAt: T0, autoSendAt: null },
      },
      { type: "state_changed", from: "opening", to: "awaiting_approval" },
      { type: "notified", kind: "approval_needed", detail: DRAFT.subject },
    ]);
    expect(after).toMatchObject({ state: "awaiting_approval", emailsReleased: 0, timers: [] });
    expect(after.pendingApproval?.intent.purpose).toBe("opening");
  });

  it("delayed: as review, plus an approval-window timer", () => {
    const autoSendAt = T0 + 60 * MINUTE;
    const { events, after } = start("delayed").settle();
    expect(events.slice(2)).toMatchObject([
      { type: "approval_requested", pending: { autoSendAt } },
      { type: "state_changed", to: "awaiting_approval" },
      { type: "notified", kind: "approval_needed" },
      { type: "timers_set", timers: [{ name: "approval_window", at: autoSendAt, n: null }] },
    ]);
    expect(after.timers).toEqual([{ name: "approval_window", at: autoSendAt, n: null }]);
  });

  it.each(["autonomous", "review", "delayed"] as const)(
    "%s: a draft that failed the gate escalates with the draft as evidence",
    (autonomy) => {
      const verdict = { ok: false as const, failures: ["amount_not_allowed: $9,999.00"] };
      const { events, after } = start(autonomy).settle({ verdict });
      const evidence = [
        "amount_not_allowed: $9,999.00",
        `draft: ${DRAFT.subject}\n\n${DRAFT.body}`,
      ];
      expect(events.slice(2)).toMatchObject([
        { type: "escalated", reason: "validation_failed", evidence },
        { type: "state_changed", from: "opening", to: "escalated" },
        { type: "notified", kind: "escalation" },
        { type: "approval_requested", pending: { draft: DRAFT, heldBecause: verdict.failures } },
      ]);
      expect(events.map((e) => e.type)).not.toContain("email_released");
      expect(after).toMatchObject({ state: "escalated", emailsReleased: 0 });
      // A person may fix the refused draft and send it (the object re-runs the gate on approval).
      expect(after.pendingApproval?.draft).toEqual(DRAFT);
      expect(after.lastEscalation).toMatchObject({ reason: "validation_failed", evidence });
    },
  );

  it("the send time waits for the creator's send window", () => {
    const saturday = T0 - 2 * DAY; // Saturday 10:00 New York
    const window = {
      days: ["mon", "tue", "wed", "thu", "fri"] as const,
      start: "09:00",
      end: "17:00",
    };
    const terms = campaignTerms({ sendWindow: { ...window, days: [...window.days] } });
    const { events } = given(null)
      .when(startCommand({ at: saturday, terms }))
      .settle();
    const released = events.find((e) => e.type === "email_released");
    expect(released).toMatchObject({ at: saturday, sendAt: T0 - HOUR }); // Monday 09:00
  });

  it("once the approved email is out, the next reply is answered normally", () => {
    const n = run(reach("awaiting_approval"), humanCommand("approve", AT)).after;
    const { email } = given(n)
      .when(
        replyCommand(reading({ intent: "question", questions: ["When do you pay?"] }), {
          text: "Love it. When do you pay?",
        }),
      )
      .outcome();
    expect(email).toMatchObject({ purpose: "answer", reply: { questionTopics: ["payment"] } });
  });
});

describe("send_delayed: follow-ups count from the real send", () => {
  it("moves the follow-up and unresponsive timers by the delay", () => {
    const n = opened();
    const delayMs = 20 * HOUR;
    const { after } = given(n)
      .when({ type: "send_delayed", at: T0 + HOUR, delayMs })
      .then([
        {
          type: "timers_set",
          timers: n.timers.map((t) => ({ ...t, at: t.at + delayMs })),
        },
      ]);
    expect(after.state).toBe("awaiting_reply");
  });

  it("changes nothing outside awaiting_reply or without a delay", () => {
    given(reach("awaiting_approval"))
      .when({ type: "send_delayed", at: T0 + HOUR, delayMs: HOUR })
      .thenNothing();
    given(opened())
      .when({ type: "send_delayed", at: T0 + HOUR, delayMs: 0 })
      .thenNothing();
  });
});
