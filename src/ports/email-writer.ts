import type { SlotName } from "../domain/draft-slots";
import type { ReplyFacts } from "../domain/negotiation-state";
import type { Counterparty, EmailPurpose, Lever, Platform } from "../domain/types";

/**
 * Everything a writer may know when drafting one email: the engine's decision as facts and slot
 * names, never a number, a term or a word of the creator's email. Code fills the slots.
 */
export interface WriteRequest {
  purpose: EmailPurpose;
  brandName: string;
  senderName: string;
  creator: { name: string; platform: Platform; handle: string | null };
  counterparty: Counterparty;
  /** What code verified about the reply this email answers; null when it answers none. */
  reply: ReplyFacts | null;
  /** The slots this email may use (code fills each with a decided value). */
  slots: SlotName[];
  /** The lever the engine used this round, so the prose can explain it. */
  lever: Lever | null;
  /** 1-based follow-up number for `follow_up` emails. */
  followUpNumber: number | null;
  /**
   * For a counter: which one it is (1 = our first after the opening) and whether our amount
   * stays where it was (we hold), so later rounds do not read like the first.
   */
  exchange: { counter: number; held: boolean } | null;
  /** How to fix the previous draft the gate refused, for one regeneration (never its quotes). */
  gateFailures: string[];
  /**
   * The conversation so far, oldest first: the emails we sent (each passed the gate) and, for
   * theirs, only what code verified ("them: counter, named a rate, asked about usage_rights").
   */
  history: string[];
}

/** Prose with `{{SLOT}}` tokens where values belong; code fills them and sets the subject. */
export interface DraftTemplate {
  body: string;
}

export interface EmailWriter {
  /** What the writer is instructed with; the gate refuses any email that reproduces it. */
  readonly instructions: readonly string[];
  write(request: WriteRequest): Promise<DraftTemplate>;
}
