import { describe, expect, it } from "vitest";
import {
  contactsAfter,
  isMachineAddress,
  readingOf,
  recipientsFor,
  type SpeakerInput,
  speakerOf,
} from "../../src/domain/thread-people";
import { counterOf, reading } from "./fixtures/negotiation";

const thread: SpeakerInput = {
  from: "maya@gmail.com",
  verdict: "none",
  machine: false,
  creatorEmail: "maya@gmail.com",
  contacts: ["jordan@brightagency.co"],
  teamDomains: ["brand.example", "parley.example"],
};

describe("speakerOf", () => {
  it("the creator and the thread's contacts speak for the creator's side unless their mail fails", () => {
    expect(speakerOf(thread)).toEqual({ kind: "creator_side" });
    expect(speakerOf({ ...thread, verdict: "pass" })).toEqual({ kind: "creator_side" });
    expect(speakerOf({ ...thread, from: "jordan@brightagency.co" })).toEqual({
      kind: "creator_side",
    });
    expect(speakerOf({ ...thread, verdict: "fail" })).toEqual({
      kind: "unverified",
      reason: "authentication_failed",
    });
  });

  it("anyone else is not on the thread, whatever their authentication says", () => {
    for (const verdict of ["pass", "none"] as const)
      expect(speakerOf({ ...thread, from: "stranger@gmail.com", verdict })).toEqual({
        kind: "unverified",
        reason: "not_on_thread",
      });
    expect(speakerOf({ ...thread, from: null })).toEqual({
      kind: "unverified",
      reason: "not_on_thread",
    });
  });

  it("a team address takes over only with passing results", () => {
    expect(speakerOf({ ...thread, from: "ana@brand.example", verdict: "pass" })).toEqual({
      kind: "team",
    });
    expect(speakerOf({ ...thread, from: "ana@brand.example" })).toEqual({
      kind: "unverified",
      reason: "team_not_authenticated",
    });
    expect(speakerOf({ ...thread, from: "ana@brand.example", verdict: "fail" })).toEqual({
      kind: "unverified",
      reason: "authentication_failed",
    });
  });

  it("machine mail is machine mail from anyone, unless it fails authentication", () => {
    const daemon = { ...thread, from: "mailer-daemon@googlemail.com", machine: true };
    expect(speakerOf(daemon)).toEqual({ kind: "machine" });
    expect(speakerOf({ ...daemon, from: "ana@brand.example" })).toEqual({ kind: "machine" });
    expect(speakerOf({ ...daemon, verdict: "fail" })).toEqual({
      kind: "unverified",
      reason: "authentication_failed",
    });
  });
});

describe("contactsAfter", () => {
  it("adds the sender and the people they addressed, never us, the team or machines, once each", () => {
    expect(
      contactsAfter({
        contacts: ["maya@gmail.com"],
        sender: "maya@gmail.com",
        addressed: [
          "Jordan@BrightAgency.co",
          "deals+abc@parley.example",
          "ana@brand.example",
          "no-reply@brightagency.co",
          "jordan@brightagency.co",
        ],
        excludedDomains: ["brand.example", "parley.example"],
      }),
    ).toEqual(["maya@gmail.com", "jordan@brightagency.co"]);
  });
});

describe("recipientsFor", () => {
  const base = {
    creator: "maya@gmail.com",
    contacts: [] as string[],
    lastSpeaker: null,
    excludedDomains: ["brand.example", "parley.example"],
  };

  it("writes to the creator before anyone wrote", () => {
    expect(recipientsFor(base)).toEqual({ to: "maya@gmail.com", cc: [] });
  });

  it("answers whoever wrote last and copies the creator and every other contact", () => {
    expect(
      recipientsFor({
        ...base,
        contacts: ["maya@gmail.com", "jordan@brightagency.co", "priya@brightagency.co"],
        lastSpeaker: "jordan@brightagency.co",
      }),
    ).toEqual({ to: "jordan@brightagency.co", cc: ["maya@gmail.com", "priya@brightagency.co"] });
  });

  it("never addresses team domains or machines, and falls back to the creator", () => {
    expect(
      recipientsFor({
        ...base,
        contacts: ["ana@brand.example", "mailer-daemon@gmail.com", "jordan@brightagency.co"],
        lastSpeaker: "ana@brand.example",
      }),
    ).toEqual({ to: "maya@gmail.com", cc: ["jordan@brightagency.co"] });
  });
});

describe("isMachineAddress", () => {
  it.each([
    ["mailer-daemon@googlemail.com", true],
    ["postmaster@contoso.com", true],
    ["no-reply@brand.example", true],
    ["noreply@tiktok.com", true],
    ["donotreply@x.co", true],
    ["bounces+123@mail.example", true],
    ["maya@gmail.com", false],
    ["norene@gmail.com", false],
  ])("%s → %s", (address, expected) => {
    expect(isMachineAddress(address)).toBe(expected);
  });
});

describe("readingOf", () => {
  it("machine mail never negotiates, whatever the reader said; people's readings stand", () => {
    const counter = counterOf(1400_00);
    expect(readingOf({ kind: "machine" }, counter)).toMatchObject({
      intent: "auto_reply",
      proposedAmountCents: null,
      signals: [],
    });
    const bounce = reading({ intent: "bounce" });
    expect(readingOf({ kind: "machine" }, bounce)).toBe(bounce);
    expect(readingOf({ kind: "creator_side" }, counter)).toBe(counter);
  });
});
