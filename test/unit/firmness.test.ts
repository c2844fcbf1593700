import { describe, expect, it } from "vitest";
import { callsAskFinal } from "../../src/domain/firmness";

describe("callsAskFinal: an ask the reply calls its last word", () => {
  it.each([
    "My rate is $1,400, that's firm.",
    "I'm sorry, but I really can't go below $1,400.",
    "Thank you, but Maya's rate remains $2,300 for this scope.",
    "This is my final number: $900.",
    "$900 is the lowest I can go.",
    "We cannot go any lower than $3k.",
    "Our bottom line is $1,200.",
    "That’s final, $750.",
    "It's non-negotiable at $600.",
    "Mi precio es final: 800 dólares.",
    "No puedo bajar de 800.",
  ])("%s", (text) => expect(callsAskFinal(text)).toBe(true));

  it.each([
    "Could we do $1,400?",
    "I'd still need $1,400 for this.",
    "$1,400 is not my final number, happy to talk.",
    "What's your best offer?",
    "Our firm represents several creators.",
    "The final video would go live in March.",
    "Is that your final offer?",
  ])("%s", (text) => expect(callsAskFinal(text)).toBe(false));
});
