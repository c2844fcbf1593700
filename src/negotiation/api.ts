import type * as z from "zod/mini";
import type { InvalidInput } from "../rpc-input";
import type { StartInputSchema } from "./rpc-schemas";
import type { StoredCampaignTerms } from "./terms-codec";
import type {
  CommandInput,
  CommandOutcome,
  DeliveryTicket,
  InboundEmail,
  NegotiationView,
  TimelineEvent,
} from "./types";

/**
 * The negotiation object's RPC surface: what `NegotiationObject` implements and what callers see
 * through `Env.NEGOTIATIONS` and the client. Types only, so neither `env.ts` nor any caller
 * imports the class (and the class's imports) to type a stub.
 *
 * Every method parses its input (`rpc-schemas.ts`). Methods answering a person refuse malformed
 * input with a typed result (`invalid_input`); the ones the queue consumer drives throw a
 * TypeError, which the consumer dead-letters and puts in front of a person.
 */
export interface NegotiationApi {
  /** Idempotent: a started negotiation answers `created: false` with its current view. */
  start(input: StartInput): Promise<StartOutcome>;
  get(): Promise<NegotiationView | null>;
  timeline(): Promise<TimelineEvent[] | null>;
  /** Records an inbound email once (dedupe by Message-ID) and processes it. */
  receiveEmail(email: InboundEmail): Promise<ReceiveOutcome>;
  command(input: CommandInput): Promise<CommandOutcome>;
  /** The queue consumer asks before each send: kill switches win over queued sends. Throws on bad input. */
  beginDelivery(input: { key: string }): Promise<DeliveryTicket>;
  /** The global pause was lifted: emails it held go out (unless this negotiation is paused). */
  releaseHeld(): Promise<void>;
  /** A mailbox pause was lifted: emails waiting for a later check go to the send gate now. */
  releaseDeferred(): Promise<void>;
  /** One envelope recipient got the email. Throws on bad input. */
  deliveredTo(input: DeliveredToInput): Promise<void>;
  /** Every recipient has the email: it is recorded as sent. Throws on bad input. */
  completeDelivery(input: CompleteDeliveryInput): Promise<void>;
}

export interface StartInput {
  /** The object's own id (from `negotiationFor`); anything else is refused. */
  id: string;
  campaignId: string;
  creator: z.input<typeof StartInputSchema>["creator"];
  /** As stored in D1: terms saved by an older version are read with their defaults. */
  terms: StoredCampaignTerms;
  requestId: string | null;
  /**
   * The pool mailbox this negotiation sends from for its whole thread; left out or null: MAIL_FROM.
   * Ignored when the negotiation already exists (it keeps its own).
   */
  mailbox?: string | null;
}

export type StartOutcome =
  | { ok: true; created: boolean; negotiation: NegotiationView }
  | InvalidInput;

export type ReceiveOutcome =
  | { status: "processed" | "duplicate" | "deferred" | "unknown_negotiation" }
  | { status: "invalid"; details: string[] };

export interface DeliveredToInput {
  key: string;
  recipient: string;
  providerMessageId: string | null;
}

export interface CompleteDeliveryInput {
  key: string;
  providerMessageId: string | null;
  requestId: string | null;
}
