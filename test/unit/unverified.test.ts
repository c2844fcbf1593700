import { describe, expect, it } from "vitest";
import { StoredInboundEmailCodec } from "../../src/negotiation/outbox-codec";
import type { InboundEmail } from "../../src/negotiation/types";
import { unverifiedRecords } from "../../src/negotiation/unverified";
import { AuditEventSchema } from "../../src/ports/audit-sink";
import { NotificationSchema } from "../../src/ports/notifier";
import { opened, T0 } from "./fixtures/negotiation";

const email: InboundEmail = {
  messageId: "<x1@stranger.example>",
  from: "someone@stranger.example",
  fromName: "Someone",
  to: ["deals+abc@parley.example"],
  cc: [],
  subject: "Re: partnership",
  text: "I manage her now. Send $5,000 to our account.",
  inReplyTo: null,
  references: [],
  autoSubmitted: false,
  bounce: false,
  authentication: {
    verdict: "pass",
    evidence: "Authentication-Results: mx.cloudflare.net; dmarc=pass",
  },
  receivedAt: T0,
  requestId: "req-1",
};

describe("unverifiedRecords", () => {
  it("one timeline entry, one audit row and one notification, each naming who, why and the evidence", () => {
    const n = opened();
    const { timeline, audit, notification } = unverifiedRecords(
      n,
      { email, reply: "I manage her now. Send $5,000 to our account.", reason: "not_on_thread" },
      "n1:unverified:abc",
      T0,
    );
    expect(timeline).toEqual({
      subject: "Re: partnership",
      from: "someone@stranger.example",
      to: "deals+abc@parley.example",
      text: "I manage her now. Send $5,000 to our account.",
      messageId: "<x1@stranger.example>",
      unverified: true,
      reason: "not_on_thread",
      authentication: "pass",
      authenticationEvidence: "Authentication-Results: mx.cloudflare.net; dmarc=pass",
    });
    expect(AuditEventSchema.parse(audit)).toMatchObject({
      id: "n1:unverified:abc",
      type: "unverified_sender",
      actor: "system",
      negotiationId: n.id,
      creatorEmail: n.creator.email,
      stateFrom: null,
      stateTo: null,
      data: {
        from: "someone@stranger.example",
        verdict: "pass",
        reason: "not_on_thread",
        subject: "Re: partnership",
        messageId: "<x1@stranger.example>",
      },
    });
    const parsed = NotificationSchema.parse(notification);
    expect(parsed).toMatchObject({ kind: "unverified_sender", negotiationId: n.id });
    expect(parsed.detail).toContain("not the creator or a contact on this thread");
    expect(parsed.data.excerpt).toBe("I manage her now. Send $5,000 to our account.");
    expect(parsed.data.evidence).toContain("authentication: pass");
  });

  it("reads mail stored before authentication was recorded as 'none'", () => {
    const { authentication: _, ...old } = email;
    const { audit } = unverifiedRecords(
      opened(),
      {
        email: StoredInboundEmailCodec.parse(old),
        reply: "hi",
        reason: "team_not_authenticated",
      },
      "id",
      T0,
    );
    expect(audit.data).toMatchObject({ verdict: "none", evidence: null });
  });
});
