import * as Sentry from "@sentry/cloudflare";
import { reportableError } from "../failures";

/**
 * What Sentry gets from the queue consumers. Every report carries the request id as the
 * `request_id` tag, so one search in Sentry finds an issue's request in the logs and the audit
 * trail. Without `SENTRY_DSN` there is no client and these do nothing.
 */
export interface QueueReport {
  requestId: string;
  queue: string;
  /** The message type, or `invalid` when the body is not a message. */
  type: string;
  key: string | null;
  attempts: number;
}

const tagsOf = (r: QueueReport) => ({
  request_id: r.requestId,
  queue: r.queue,
  message_type: r.type,
});

/** A message the consumer failed to process: retried (`retry`) or recorded as failed (`give_up`). */
export function reportQueueFailure(
  error: unknown,
  report: QueueReport & { outcome: "retry" | "give_up" },
): void {
  Sentry.withScope((scope) => {
    scope.setTags({ ...tagsOf(report), outcome: report.outcome });
    scope.setContext("queue_message", { key: report.key, attempts: report.attempts });
    Sentry.captureException(reportableError(error));
  });
}

/** A message that reached a dead-letter queue (or was given up on): a person has to look. */
export function reportDeadLetter(report: QueueReport & { reason: string }): void {
  Sentry.withScope((scope) => {
    scope.setTags({ ...tagsOf(report), outcome: "dead_letter" });
    scope.setContext("queue_message", {
      key: report.key,
      attempts: report.attempts,
      reason: report.reason,
    });
    scope.setFingerprint(["dead-letter", report.queue, report.type]);
    Sentry.captureMessage(`Dead letter: ${report.type} message on ${report.queue}`, "error");
  });
}
