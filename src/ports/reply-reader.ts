import type { Cents, ReplyReading } from "../domain/types";

/** What the reader sees of one inbound reply: already de-quoted; untrusted text. */
export interface ReadRequest {
  /** The creator's own words, quoted history and signature removed. */
  text: string;
  subject: string;
  /** Our latest offer on the table, so "that works" can be read against it. */
  ourOfferCents: Cents | null;
  /** Header facts the transport saw (Auto-Submitted, Precedence, X-Autoreply, DSN). */
  headers: { autoSubmitted: boolean; bounce: boolean };
}

export interface ReplyReader {
  read(request: ReadRequest): Promise<ReplyReading>;
}
