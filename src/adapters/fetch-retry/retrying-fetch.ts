import { SourceError } from "../../ports/campaign-source";

export interface RetryOptions {
  fetch?: typeof fetch;
  /** Attempts per call, the first included. */
  attempts?: number;
  /** First backoff; doubles per attempt, with up to 50% jitter. */
  baseDelayMs?: number;
  /** A Retry-After longer than this is not waited for here: the caller's queue retries later. */
  maxWaitMs?: number;
  timeoutMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * One HTTP call to a third-party API: 429 and 5xx (and network failures and timeouts) are retried
 * with exponential backoff and jitter, honouring Retry-After; what is left after the attempts is
 * a retryable SourceError for the queue. Other statuses are returned for the caller to read.
 */
export async function fetchWithRetry(
  service: string,
  request: () => Request,
  options: RetryOptions = {},
): Promise<Response> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 500;
  const maxWait = options.maxWaitMs ?? 20_000;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? sleepFor;
  const random = options.random ?? Math.random;
  let last: SourceError | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let response: Response;
    try {
      response = await doFetch(request(), {
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      last = new SourceError(`${service} unreachable: ${String(error)}`, true);
      if (attempt < attempts) await sleep(base * 2 ** (attempt - 1) * (1 + random() / 2));
      continue;
    }
    if (response.status !== 429 && response.status < 500) return response;
    await response.body?.cancel();
    const after = retryAfterSeconds(response.headers.get("retry-after"));
    last = new SourceError(`${service} answered ${response.status}`, true, after);
    const wait = after !== null ? after * 1000 : base * 2 ** (attempt - 1) * (1 + random() / 2);
    if (attempt === attempts || wait > maxWait) break;
    await sleep(wait);
  }
  throw last ?? new SourceError(`${service} failed`, true);
}
