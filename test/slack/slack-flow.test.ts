import { describe, expect, it } from "vitest";
import {
  answerOn,
  answersOn,
  api,
  click,
  eventually,
  interactionBody,
  type Json,
  mailTo,
  notificationFor,
  replyTo,
  runOutApprovalWindow,
  SLACK,
  securityEvents,
  send,
  settled,
  signedRequest,
  slackCalls,
  slash,
  startNegotiation,
  stateOf,
  submitAnswer,
  submitEdit,
  waitForProjection,
  waitForState,
} from "./helpers";

const review = (name: string) => ({ name, autonomy: "review" });

async function sentEvents(id: string) {
  const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
  return (json.events as Record<string, Json>[]).filter((e) => e.type === "email_sent");
}

/** Opens the edit modal from the approval message; returns the modal Slack was asked to open. */
async function openEditor(id: string, notificationId: string) {
  const clicked = await click("parley_edit", { n: id, id: notificationId });
  expect(clicked.status).toBe(200);
  const opened = (await slackCalls("views.open")).find(
    (c) => c.body.trigger_id === clicked.triggerId,
  );
  expect(opened, "views.open was called while the trigger_id was valid").toBeTruthy();
  return { view: opened?.body.view, responseUrl: clicked.responseUrl };
}

describe("approving from Slack", () => {
  it("sends the draft when someone approves it with the button", async () => {
    const email = "ava.approve@gmail.com";
    const { id } = await startNegotiation(review("Slack approve"), { name: "Ava", email });
    const pending = await waitForState(id, "awaiting_approval");
    const note = await notificationFor(id, "approval_needed");

    const clicked = await click("parley_approve", { n: id, id: note.id });
    expect(clicked.status).toBe(200);
    expect(clicked.text).toBe("");

    const [mail] = await eventually(async () => {
      const m = await mailTo(email);
      return m.length === 1 ? m : null;
    });
    expect(mail).toContain(pending.pendingApproval.text.split("\n")[0]);
    expect((await stateOf(id)).state).toBe("awaiting_reply");
    const audited = await eventually(async () => {
      const q = `/api/audit?negotiationId=${id}&actor=${encodeURIComponent("user:alice@brand.example")}`;
      const events = (await api("GET", q)).json.events as { type: string }[];
      return events.find((e) => e.type === "human_action");
    });
    expect(audited).toBeTruthy();
    expect(await settled(async () => (await mailTo(email)).length)).toBe(1);

    // The approval request was posted to the approvals channel with its draft and buttons, once;
    // after the approval the same message shows who approved it, without buttons.
    const posts = (await slackCalls("chat.postMessage")).filter(
      (c) => c.body.metadata?.event_payload?.key === note.id,
    );
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.channel).toBe("C0APPROVE");
    const posted = JSON.stringify(posts[0]?.body.blocks);
    expect(posted).toContain("parley_approve");
    expect(posted).toContain(
      JSON.stringify(pending.pendingApproval.text.split("\n")[0]).slice(1, -1),
    );
    const ts = await eventually(async () => {
      const messages = (await (await fetch(`${SLACK}/_messages`)).json()) as {
        messages: {
          ts: string;
          channel: string;
          metadata?: { event_payload?: { key?: string } };
        }[];
      };
      return messages.messages.find((m) => m.metadata?.event_payload?.key === note.id)?.ts;
    });
    const update = await eventually(async () =>
      (await slackCalls("chat.update")).find((c) => c.body.ts === ts),
    );
    expect(update.body.text).toContain("Approved and sent");
    expect(JSON.stringify(update.body.blocks)).toContain("user:alice@brand.example");
    expect(JSON.stringify(update.body.blocks)).not.toContain("parley_approve");
  });

  it("opens the draft in a modal and sends the edited text", async () => {
    const email = "eli.edit@gmail.com";
    const { id } = await startNegotiation(review("Slack edit"), { name: "Eli", email });
    const pending = await waitForState(id, "awaiting_approval");
    const note = await notificationFor(id, "approval_needed");

    const { view } = await openEditor(id, note.id);
    expect(view.callback_id).toBe("parley_edit_draft");
    const input = view.blocks.find((b: { block_id?: string }) => b.block_id === "draft");
    expect(input.element.initial_value).toBe(pending.pendingApproval.text);

    const edited = `${pending.pendingApproval.text}\n\nPS: Loved your latest video on trail running!`;
    const submitted = await submitEdit(view.private_metadata, edited);
    expect(submitted.status).toBe(200);
    expect(submitted.json).toEqual({ response_action: "clear" });

    const [mail] = await eventually(async () => {
      const m = await mailTo(email);
      return m.length === 1 ? m : null;
    });
    expect(mail).toContain("Loved your latest video on trail running!");
    expect((await sentEvents(id))[0]?.text).toContain("Loved your latest video");
  });

  it("refuses an edit that adds an amount the engine did not decide, and says why", async () => {
    const email = "ivy.inflate@gmail.com";
    const { id } = await startNegotiation(review("Slack bad edit"), { name: "Ivy", email });
    const pending = await waitForState(id, "awaiting_approval");
    const note = await notificationFor(id, "approval_needed");

    const { view, responseUrl } = await openEditor(id, note.id);
    const edited = `${pending.pendingApproval.text}\nP.S. We could stretch to $9,000.`;
    const submitted = await submitEdit(view.private_metadata, edited);
    expect(submitted.json).toEqual({ response_action: "clear" });

    const answer = await answerOn(responseUrl);
    expect(answer).toContain("Could not approve the draft");
    expect(answer).toContain("outgoing-email gate");
    expect(await settled(async () => (await mailTo(email)).length)).toBe(0);
    expect((await stateOf(id)).state).toBe("awaiting_approval");
  });

  it("delayed autonomy: rejecting within the window means nothing is sent when it runs out", async () => {
    const cancelled = await startNegotiation(
      { name: "Slack delayed", autonomy: "delayed" },
      { name: "Dee", email: "dee.delayed@gmail.com" },
    );
    const control = await startNegotiation(
      { name: "Slack delayed control", autonomy: "delayed" },
      { name: "Dan", email: "dan.delayed@gmail.com" },
    );
    const pending = await waitForState(cancelled.id, "awaiting_approval");
    expect(pending.pendingApproval.autoSendAt).toBeTruthy();
    await waitForState(control.id, "awaiting_approval");
    const note = await notificationFor(cancelled.id, "approval_needed");

    expect((await click("parley_reject", { n: cancelled.id, id: note.id })).status).toBe(200);
    const rejected = await waitForState(cancelled.id, "escalated");
    expect(rejected.pendingApproval).toBeNull();

    // The window runs out for both: only the one nobody cancelled is sent.
    expect(await runOutApprovalWindow(cancelled.id)).toBe(0);
    expect(await runOutApprovalWindow(control.id)).toBe(1);
    await eventually(async () => (await mailTo("dan.delayed@gmail.com")).length === 1);
    expect(await settled(async () => (await mailTo("dee.delayed@gmail.com")).length)).toBe(0);
    const timeline = (await api("GET", `/api/negotiations/${cancelled.id}/timeline`)).json.events;
    expect(
      (timeline as { type: string; note?: string }[]).some(
        (e) => e.type === "human_action" && JSON.stringify(e).includes("rejected in Slack"),
      ),
    ).toBe(true);
  });
});

describe("answering a creator's question from Slack", () => {
  it("posts the question with an Answer button, and sends the answer given in the modal", async () => {
    const email = "quinn.asks@gmail.com";
    const { id } = await startNegotiation(
      { name: "Slack question", autonomy: "autonomous" },
      { name: "Quinn", email },
    );
    const [opening] = await eventually(async () => {
      const sent = await sentEvents(id);
      return sent.length ? sent : null;
    });
    await replyTo(opening as Record<string, Json>, {
      from: email,
      text: "Looks fun! What's the campaign hashtag?",
      messageId: "<q.quinn@gmail.com>",
    });
    const note = await notificationFor(id, "question");
    const post = await eventually(async () =>
      (await slackCalls("chat.postMessage")).find(
        (c) => c.body.metadata?.event_payload?.key === note.id,
      ),
    );
    expect(post.body.channel).toBe("C0ESCALATE");
    expect(JSON.stringify(post.body.blocks)).toContain("What's the campaign hashtag?");
    expect(JSON.stringify(post.body.blocks)).toContain("parley_answer");

    const clicked = await click("parley_answer", { n: id, id: note.id });
    expect(clicked.status).toBe(200);
    const opened = await eventually(async () =>
      (await slackCalls("views.open")).find((c) => c.body.trigger_id === clicked.triggerId),
    );
    expect(opened.body.view.callback_id).toBe("parley_answer_question");
    expect(JSON.stringify(opened.body.view.blocks)).toContain("What's the campaign hashtag?");

    const submitted = await submitAnswer(
      opened.body.view.private_metadata,
      "Please use the brand's main tag; it's in the brief we'll share.",
    );
    expect(submitted.json).toEqual({ response_action: "clear" });
    const sent = await eventually(async () => {
      const all = await sentEvents(id);
      return all.length === 2 ? all : null;
    });
    expect(String(sent[1]?.text)).toContain("Please use the brand's main tag");
    const update = await eventually(async () =>
      (await slackCalls("chat.update")).find((c) =>
        JSON.stringify(c.body.blocks).includes("Answered"),
      ),
    );
    expect(JSON.stringify(update.body.blocks)).not.toContain("parley_answer");
  });
});

describe("taking over and handing back", () => {
  it("takes over an escalation; a team reply is recorded and nothing is sent; /parley release hands back", async () => {
    const email = "leo.legal@gmail.com";
    const { campaignId, id } = await startNegotiation(
      { name: "Slack takeover", autonomy: "autonomous" },
      { name: "Leo", email },
    );
    const [opening] = await eventually(async () => {
      const sent = await sentEvents(id);
      return sent.length === 1 ? sent : null;
    });
    await replyTo(opening as Record<string, unknown>, {
      from: `Leo <${email}>`,
      messageId: "<leo-1@gmail.com>",
      text: "Thanks! Before anything my lawyer needs to review the contract terms.",
    });
    await waitForState(id, "escalated");
    const note = await notificationFor(id, "escalation");
    // The escalation reached the escalations channel with their words and the evidence.
    const escalation = await eventually(async () =>
      (await slackCalls("chat.postMessage")).find(
        (c) => c.body.metadata?.event_payload?.key === note.id,
      ),
    );
    expect(escalation.body.channel).toBe("C0ESCALATE");
    expect(JSON.stringify(escalation.body.blocks)).toContain("my lawyer needs to review");
    expect(JSON.stringify(escalation.body.blocks)).toContain("parley_takeover");

    expect((await click("parley_takeover", { n: id, id: note.id })).status).toBe(200);
    await waitForState(id, "human");

    await replyTo(opening as Record<string, unknown>, {
      from: "Ana <ana@brand.example>",
      messageId: "<ana-1@brand.example>",
      text: "Hi Leo, happy to send our standard agreement over today.",
      // A team member's mail counts as ours only with our receiving side's passing results.
      headers: ["Authentication-Results: mx.cloudflare.net; dmarc=pass header.from=brand.example"],
    });
    const recorded = await eventually(async () => {
      const { json } = await api("GET", `/api/negotiations/${id}/timeline`);
      return (json.events as Record<string, Json>[]).find(
        (e) => e.type === "email_received" && String(e.from).includes("ana@brand.example"),
      );
    });
    expect(recorded).toBeTruthy();
    expect((await stateOf(id)).state).toBe("human");
    expect(await settled(async () => (await mailTo(email)).length)).toBe(1);

    await waitForProjection(campaignId, id, "human");
    const released = await slash(`release ${email}`);
    expect(released.json).toEqual({ response_type: "ephemeral", text: "Working on it…" });
    expect(await answerOn(released.responseUrl)).toContain("now `awaiting_reply`");
    expect((await stateOf(id)).state).toBe("awaiting_reply");
    expect(await settled(async () => (await mailTo(email)).length)).toBe(1);
  });
});

describe("/parley", () => {
  it("stop-agency stops every open negotiation with contacts at the agency, across campaigns", async () => {
    const agency = "staragency.example";
    const first = await startNegotiation(
      { name: "Agency one", autonomy: "autonomous" },
      { name: "Uma", email: `uma@${agency}` },
    );
    const c1 = first.campaignId;
    const second = await api("POST", `/api/campaigns/${c1}/negotiations`, {
      creator: { name: "Vic", email: `vic@${agency}`, platform: "instagram", averageViews: 40000 },
    });
    const third = await startNegotiation(
      { name: "Agency two", autonomy: "review" },
      { name: "Wes", email: `wes@${agency}` },
    );
    const bystander = await api("POST", `/api/campaigns/${third.campaignId}/negotiations`, {
      creator: { name: "Xan", email: "xan@gmail.com", platform: "youtube", averageViews: 40000 },
    });
    const ids = [first.id, second.json.id as string, third.id];
    await eventually(async () => {
      const one = (await api("GET", `/api/campaigns/${c1}`)).json.negotiations.length;
      const two = (await api("GET", `/api/campaigns/${third.campaignId}`)).json.negotiations.length;
      return one === 2 && two === 2;
    });

    const stopped = await slash(`stop-agency ${agency}`);
    expect(stopped.json.text).toBe("Working on it…");
    expect(await answerOn(stopped.responseUrl)).toContain(
      `Stopped 3 negotiations with contacts at ${agency}`,
    );
    for (const id of ids) expect((await stateOf(id)).state).toBe("stopped");
    expect((await stateOf(bystander.json.id)).state).not.toBe("stopped");
    const audited = await eventually(async () => {
      const q = `/api/audit?type=human_action&actor=${encodeURIComponent("user:alice@brand.example")}&limit=1000`;
      const events = (await api("GET", q)).json.events as { negotiationId: string }[];
      const mine = new Set(events.map((e) => e.negotiationId).filter((x) => ids.includes(x)));
      return mine.size === 3;
    });
    expect(audited).toBe(true);
  });

  it("status shows the negotiation; pause acts on one match and refuses to guess between several", async () => {
    const email = "sam.status@gmail.com";
    const { campaignId, id } = await startNegotiation(review("Status campaign"), {
      name: "Sam Status",
      email,
    });
    await startNegotiation(review("Status campaign two"), {
      name: "Sam Other",
      email: "sam.other@gmail.com",
    });
    await waitForState(id, "awaiting_approval");
    await eventually(async () => {
      const rows = (await api("GET", "/api/campaigns")).json.campaigns as { name: string }[];
      return rows.some((c) => c.name === "Status campaign two");
    });
    await waitForProjection(campaignId, id, "awaiting_approval");

    const status = await slash(`status <mailto:${email}|${email}>`);
    const answer = await answerOn(status.responseUrl);
    expect(answer).toContain("*Sam Status* · sam.status@gmail.com");
    expect(answer).toContain("Status campaign");
    expect(answer).toContain("`awaiting_approval`");
    // The opening offer is still in the draft: it becomes the last offer once it is sent.
    expect(answer).toContain("Last offer: none yet");
    expect(answer).toContain("Pending draft (opening)");
    expect(answer).toContain("$2,000");

    const ambiguous = await eventually(async () => {
      const r = await slash("pause Sam");
      const text = await answerOn(r.responseUrl);
      return text.includes("sam.other@gmail.com") ? text : null;
    });
    expect(ambiguous).toContain("Several negotiations match");
    expect(ambiguous).toContain(email);
    expect((await stateOf(id)).state).toBe("awaiting_approval");

    const paused = await slash(`pause ${email.toUpperCase()}`);
    expect(await answerOn(paused.responseUrl)).toContain("Paused *Sam Status*");
    expect((await stateOf(id)).state).toBe("paused");
    const again = await slash(`pause ${email}`);
    expect(await answerOn(again.responseUrl)).toContain("Could not pause");

    const nobody = await slash("status nobody@nowhere.example");
    expect(await answerOn(nobody.responseUrl)).toContain("No negotiation found");
  });

  it("runs a command once even when its answer cannot be delivered", async () => {
    const email = "uma.unreachable@gmail.com";
    const { campaignId, id } = await startNegotiation(review("Lost answer"), {
      name: "Uma",
      email,
    });
    await waitForState(id, "awaiting_approval");
    await waitForProjection(campaignId, id, "awaiting_approval");
    // Slack's response_url fails every time for this answer (after the adapter's own retries too).
    await fetch(`${SLACK}/_fault`, {
      method: "POST",
      body: JSON.stringify({ method: "response_url", status: 500, times: 20, match: email }),
    });
    const stopped = await slash(`stop ${email}`);
    expect(stopped.status).toBe(200);
    await waitForState(id, "stopped");
    const stops = async () => {
      const q = `/api/audit?negotiationId=${id}&type=human_action`;
      return ((await api("GET", q)).json.events as { data: { command: string } }[]).filter(
        (e) => e.data.command === "stop",
      );
    };
    await eventually(async () => ((await stops()).length ? true : null), 20_000);
    // The queue does not run the command again for the lost answer.
    expect(await settled(stops)).toHaveLength(1);
    const failed = (await slackCalls("response_url")).filter(
      (c) => c.path === new URL(stopped.responseUrl).pathname,
    );
    // Every attempt to answer reports the stop; a second run would have said "Could not stop".
    expect(failed.length).toBeGreaterThan(0);
    for (const call of failed) {
      expect(call.status).toBe(500);
      expect(call.body.text).toContain("Stopped *Uma*");
    }
  });

  it("audit lists the creator's events, newest first", async () => {
    const email = "ada.audit@gmail.com";
    const { id } = await startNegotiation(review("Audit campaign"), { name: "Ada Audit", email });
    await waitForState(id, "awaiting_approval");
    await eventually(async () => {
      const a = await api("GET", `/api/audit?negotiationId=${id}`);
      return a.json.events.length > 0;
    });
    const listed = await slash(`audit creator:${email} last:24h`);
    expect(listed.json.text).toBe("Working on it…");
    const answer = await answerOn(listed.responseUrl);
    expect(answer).toContain("Audit trail");
    expect(answer).toContain("Ada Audit");
    expect(answer).toMatch(/Page 1/);
    const empty = await slash("audit creator:no-such-creator@nowhere.example");
    expect(await answerOn(empty.responseUrl)).toContain("No audit events match");
  });

  it("answers help and unknown input at once, without queueing anything", async () => {
    const help = await slash("help");
    expect(help.status).toBe(200);
    expect(help.json.response_type).toBe("ephemeral");
    expect(help.json.text).toContain("Parley commands");
    expect(help.json.text).toContain("stop-agency");
    const unknown = await slash("dance with maya");
    expect(unknown.json.text).toContain("`dance` is not a command");
    expect(unknown.json.text).toContain("Parley commands");
    expect(await settled(() => answersOn(help.responseUrl))).toEqual([]);
    expect(await answersOn(unknown.responseUrl)).toEqual([]);
  });
});

describe("request security", () => {
  const expectRefused = (r: { status: number; json: Json }) => {
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe("unauthorized");
    expect(r.json.error.requestId).toBeTruthy();
  };
  const audited = (reason: string, route: string) =>
    eventually(async () => {
      const events = (await securityEvents(reason)).filter(
        (e) => e.data.route === `/webhooks/slack/${route}`,
      );
      return events.length > 0 ? events : null;
    });
  const form = (text: string) =>
    new URLSearchParams({
      team_id: "T0PARLEY",
      user_id: "U0ALICE",
      command: "/parley",
      text,
      response_url: "http://127.0.0.1/hooks/x",
    }).toString();

  it("refuses a tampered body, a wrong secret, a stale timestamp and a replay, auditing each", async () => {
    const body = form("status a@b.co");
    const tampered = await send(
      await signedRequest("/webhooks/slack/commands", form("stop-agency gmail.com"), {
        signedBody: body,
        headers: { "cf-connecting-ip": "203.0.113.7" },
      }),
    );
    expectRefused(tampered);
    const [event] = await audited("bad_signature", "commands");
    expect(event?.actor).toBe("system");
    expect(event?.data.ip).toBe("203.0.113.7");

    const payload = interactionBody({ type: "block_actions", user: { id: "U0ALICE" } });
    expectRefused(
      await send(
        await signedRequest("/webhooks/slack/interactions", payload, { secret: "not-the-secret" }),
      ),
    );
    await audited("bad_signature", "interactions");

    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    expectRefused(
      await send(
        await signedRequest("/webhooks/slack/commands", body, { timestamp: sixMinutesAgo }),
      ),
    );
    await audited("stale", "commands");

    const timestamp = Math.floor(Date.now() / 1000);
    const help = form("help");
    const first = await send(await signedRequest("/webhooks/slack/commands", help, { timestamp }));
    expect(first.status).toBe(200);
    expectRefused(await send(await signedRequest("/webhooks/slack/commands", help, { timestamp })));
    await audited("replayed", "commands");

    const unsigned = await send(
      new Request("http://parley.test/webhooks/slack/events", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "url_verification", challenge: "c" }),
      }),
    );
    expectRefused(unsigned);
    await audited("missing_headers", "events");

    for (const reason of ["bad_signature", "stale", "replayed", "missing_headers"])
      expect(await settled(async () => (await securityEvents(reason)).length)).toBeGreaterThan(0);
    expect(
      (await settled(() => securityEvents("stale"))).filter(
        (e) => e.data.route === "/webhooks/slack/commands",
      ),
    ).toHaveLength(1);
  });

  it("refuses users outside the allow-list and other workspaces, and audits them", async () => {
    const email = "mia.mallory@gmail.com";
    const { id } = await startNegotiation(review("Slack mallory"), { name: "Mia", email });
    await waitForState(id, "awaiting_approval");
    const note = await notificationFor(id, "approval_needed");

    const command = await slash(`stop ${email}`, "U0MALLORY");
    expect(command.status).toBe(200);
    expect(command.json.response_type).toBe("ephemeral");
    expect(command.json.text).toContain("not allowed");
    const clicked = await click("parley_approve", { n: id, id: note.id }, "U0MALLORY");
    expect(clicked.status).toBe(200);
    expect(clicked.json.text).toContain("not allowed");

    const refused = await eventually(async () => {
      const events = (await securityEvents("user_not_allowed")).filter(
        (e) => e.data.userId === "U0MALLORY",
      );
      return events.length >= 2 ? events : null;
    });
    expect(refused.map((e) => e.data.route).sort()).toEqual([
      "/webhooks/slack/commands",
      "/webhooks/slack/interactions",
    ]);
    expect(await settled(async () => (await stateOf(id)).state)).toBe("awaiting_approval");
    expect(await mailTo(email)).toHaveLength(0);
    expect(await answersOn(command.responseUrl)).toEqual([]);

    const otherTeam = await send(
      await signedRequest(
        "/webhooks/slack/commands",
        form("help").replace("T0PARLEY", "T0INTRUDER"),
      ),
    );
    expect(otherTeam.status).toBe(200);
    expect(otherTeam.json.text).toContain("not allowed");
    await eventually(async () => (await securityEvents("team_not_allowed")).length > 0);
  });

  it("lets a Slack user without the operator role read but not act", async () => {
    // Bob is allowed in Slack, but ACCESS_ROLES makes his email a viewer.
    const email = "vera.viewer@gmail.com";
    const { campaignId, id } = await startNegotiation(review("Slack viewer"), {
      name: "Vera",
      email,
    });
    await waitForState(id, "awaiting_approval");
    await waitForProjection(campaignId, id, "awaiting_approval");
    const note = await notificationFor(id, "approval_needed");

    const clicked = await click("parley_approve", { n: id, id: note.id }, "U0BOB");
    expect(clicked.status).toBe(200);
    expect(await answerOn(clicked.responseUrl)).toContain("operator role");
    const paused = await slash(`pause ${email}`, "U0BOB");
    expect(await answerOn(paused.responseUrl)).toContain("operator role");
    const stopped = await slash("stop-agency talentco.example", "U0BOB");
    expect(await answerOn(stopped.responseUrl)).toContain("operator role");
    const status = await slash(`status ${email}`, "U0BOB");
    expect(await answerOn(status.responseUrl)).toContain("*Vera*");

    expect(await settled(async () => (await stateOf(id)).state)).toBe("awaiting_approval");
    expect(await mailTo(email)).toHaveLength(0);
    const denied = await eventually(async () => {
      const { json } = await api("GET", "/api/audit?type=security_event&limit=1000");
      const events = (json.events as { actor: string; data: Record<string, Json> }[]).filter(
        (e) => e.data.kind === "permission_denied" && e.actor === "user:bob@brand.example",
      );
      return events.length >= 3 ? events : null;
    });
    expect(denied[0]?.data).toMatchObject({ source: "slack", userId: "U0BOB", role: "viewer" });
  });

  it("answers Slack's URL verification and acknowledges events once verified", async () => {
    const challenge = await send(
      await signedRequest(
        "/webhooks/slack/events",
        JSON.stringify({
          token: "t",
          challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
          type: "url_verification",
        }),
        { contentType: "application/json" },
      ),
    );
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    const event = JSON.stringify({
      type: "event_callback",
      team_id: "T0PARLEY",
      event_id: "Ev0001",
      event: { type: "app_mention", text: "hi" },
    });
    for (let i = 0; i < 2; i++) {
      const r = await send(
        await signedRequest("/webhooks/slack/events", event, {
          contentType: "application/json",
          timestamp: Math.floor(Date.now() / 1000) - i,
        }),
      );
      expect(r.status).toBe(200);
    }
  });

  it("limits body size and validates payloads after verifying them", async () => {
    const big = form("x".repeat(70 * 1024));
    expect((await send(await signedRequest("/webhooks/slack/commands", big))).status).toBe(413);
    const noPayload = await send(await signedRequest("/webhooks/slack/interactions", "a=b"));
    expect(noPayload.status).toBe(400);
    expect(noPayload.json.error.code).toBe("invalid_json");
    const badForm = await send(await signedRequest("/webhooks/slack/commands", "text=hi"));
    expect(badForm.status).toBe(400);
    expect(badForm.json.error.code).toBe("validation_failed");
  });
});
