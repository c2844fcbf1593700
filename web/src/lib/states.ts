import { isTerminal, NEGOTIATION_STATES } from "../../../src/domain/negotiation-state";

/** Negotiation states (the API's names, from the domain itself) with the words and colours people see. */
export const STATES = NEGOTIATION_STATES;

export const STATE_LABELS: Record<string, string> = {
  opening: "Opening",
  awaiting_reply: "Awaiting reply",
  awaiting_approval: "Awaiting approval",
  escalated: "Escalated",
  human: "Taken over",
  paused: "Paused",
  unresponsive: "Unresponsive",
  agreed: "Agreed",
  declined: "Declined",
  walked_away: "Walked away",
  stopped: "Stopped",
};

export const STATE_TONE: Record<string, string> = {
  opening: "bg-slate-100 text-slate-700",
  awaiting_reply: "bg-sky-100 text-sky-800",
  awaiting_approval: "bg-amber-100 text-amber-900",
  escalated: "bg-red-100 text-red-800",
  human: "bg-violet-100 text-violet-800",
  paused: "bg-slate-200 text-slate-700",
  unresponsive: "bg-orange-100 text-orange-800",
  agreed: "bg-emerald-100 text-emerald-800",
  declined: "bg-slate-100 text-slate-600",
  walked_away: "bg-slate-100 text-slate-600",
  stopped: "bg-slate-300 text-slate-800",
};

export const stateLabel = (state: string) => STATE_LABELS[state] ?? state;

export type Command = "pause" | "resume" | "stop" | "takeover" | "release";

/** Commands worth offering in a state (the server still decides; a 409 says why not). */
export function commandsFor(state: string): Command[] {
  if (isTerminal(state as (typeof STATES)[number])) return [];
  if (state === "paused") return ["resume", "stop"];
  if (state === "human") return ["release", "pause", "stop"];
  return ["pause", "takeover", "stop"];
}

export const COMMAND_LABELS: Record<Command, string> = {
  pause: "Pause",
  resume: "Resume",
  stop: "Stop",
  takeover: "Take over",
  release: "Hand back to agent",
};
