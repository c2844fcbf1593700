import type {
  Cents,
  Counterparty,
  EmailPurpose,
  Lever,
  Offer,
  Platform,
  ProductPerk,
} from "../domain/types";

/** Everything a writer may know when drafting one email. Numbers come from the engine only. */
export interface WriteRequest {
  purpose: EmailPurpose;
  brandName: string;
  senderName: string;
  creator: { name: string; platform: Platform; handle: string | null };
  counterparty: Counterparty;
  /** The creator's latest message, de-quoted (untrusted); null for an opening. */
  theirMessage: string | null;
  questions: string[];
  offer: Offer | null;
  /** Their ask, only when the engine allows quoting it back. */
  theirAskCents: Cents | null;
  lever: Lever | null;
  cpmTargetCents: Cents | null;
  product: ProductPerk | null;
  paymentTerms: string;
  /** Code-rendered scope-of-work block; the draft must contain it verbatim. */
  scopeOfWork: string | null;
  /** 1-based follow-up number for `follow_up` emails. */
  followUpNumber: number | null;
  /** Feedback from a failed gate check, for one regeneration. */
  gateFailures: string[];
  /** A compact history of the conversation, oldest first ("us: …", "them: …"). */
  history?: string[];
}

export interface Draft {
  subject: string;
  /** Plain-text body, including the scope-of-work block verbatim when one was given. */
  body: string;
}

export interface EmailWriter {
  write(request: WriteRequest): Promise<Draft>;
}
