import { SourceError } from "../../ports/campaign-source";
import { fetchWithRetry, type RetryOptions } from "../fetch-retry/retrying-fetch";
import { type ClickUpTask, ClickUpTaskSchema } from "./payloads";

export interface ClickUpApiOptions extends RetryOptions {
  token: string;
  /** e.g. https://api.clickup.com/api/v2 */
  baseUrl: string;
}

/** The ClickUp API v2 calls Parley makes: read a task with its custom fields, comment on it. */
export class ClickUpApi {
  constructor(private readonly options: ClickUpApiOptions) {}

  /** The task, or null when it no longer exists (or the token cannot see it). */
  async task(taskId: string): Promise<ClickUpTask | null> {
    const response = await this.call("GET", `/task/${encodeURIComponent(taskId)}`);
    if (response.status === 404) return null;
    const body = await this.json(response, "get task");
    const task = ClickUpTaskSchema.safeParse(body);
    if (!task.success) throw new SourceError("ClickUp answered a task Parley cannot read", false);
    return task.data;
  }

  async comment(taskId: string, text: string): Promise<void> {
    const response = await this.call("POST", `/task/${encodeURIComponent(taskId)}/comment`, {
      comment_text: text,
      notify_all: false,
    });
    await this.json(response, "comment");
  }

  private call(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}${path}`;
    return fetchWithRetry(
      "ClickUp",
      () =>
        new Request(url, {
          method,
          // ClickUp takes the token as it is, without a scheme.
          headers: {
            authorization: this.options.token,
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      this.options,
    );
  }

  private async json(response: Response, what: string): Promise<unknown> {
    if (!response.ok) {
      await response.body?.cancel();
      // 401/403: a token problem no retry fixes; the failure reaches a person via dead letters.
      throw new SourceError(`ClickUp ${what} answered ${response.status}`, false);
    }
    return response.json().catch(() => {
      throw new SourceError(`ClickUp ${what} answered something other than JSON`, true);
    });
  }
}
