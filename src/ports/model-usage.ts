/** The effort levels the Messages API accepts (it has no temperature any more). */
export const MODEL_EFFORTS = ["low", "medium", "high", "xhigh", "max"] as const;
export type ModelEffort = (typeof MODEL_EFFORTS)[number];

/** Token usage of one model call, recorded per call in the audit trail and as a metric. */
export interface ModelUsage {
  call: "read" | "write";
  model: string;
  inputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  outputTokens: number;
  /** Attempts it took (retries after 429/5xx included). */
  attempts: number;
}

/** The model could not be reached (or kept failing) after every retry: the work waits and retries later. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelUnavailableError";
  }
}

/** The request itself is wrong (bad key, unknown model, invalid request): retrying cannot help. */
export class ModelRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
    this.name = "ModelRequestError";
  }
}
