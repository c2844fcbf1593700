import type { SourceCampaignField, SourceValue } from "../domain/campaign-fields";

/**
 * Where campaigns come from besides the API: a project tool (ClickUp) whose records are upserted
 * as campaigns by `externalId`. The adapter speaks the tool's API and maps its fields; coercion,
 * validation, the upsert and the audit trail are shared (src/sources/campaign-sync.ts).
 */
export interface CampaignSource {
  /** Names the source in audit actors (`integration:<name>`) and external ids. */
  readonly name: string;
  /** The record as a campaign candidate, or null when it is gone or outside the configured scope. */
  fetch(externalId: string): Promise<SourcedCampaign | null>;
  /** Tells the people working in the tool what Parley could not read (a comment on the record). */
  reportProblems(externalId: string, text: string): Promise<void>;
}

export interface SourcedCampaign {
  externalId: string;
  name: string;
  /** Mapped fields with their raw values; `label` is the tool's own name for the field. */
  fields: { field: SourceCampaignField; label: string; raw: SourceValue }[];
  /** Problems found while mapping (an unknown dropdown option, a field of an unusable type). */
  problems: { field: string; message: string }[];
  /** The record's workflow status as the tool names it, lower-cased; null when it has none. */
  status: string | null;
  /** What that status means for the campaign, from the source's configuration; null: nothing. */
  statusAction: CampaignStatusAction | null;
}

export type CampaignStatusAction = "pause" | "stop" | "resume";

/** A source failure says whether retrying can help (429, 5xx, timeouts) or not (401, 404). */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** Seconds the service asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "SourceError";
  }
}
