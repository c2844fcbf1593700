import { SourceError } from "../../ports/campaign-source";
import { fetchWithRetry, type RetryOptions } from "../fetch-retry/retrying-fetch";
import type { ServiceAccountTokenSource } from "./service-account";

export interface SheetsApiOptions extends RetryOptions {
  tokens: ServiceAccountTokenSource;
  /** e.g. https://sheets.googleapis.com */
  baseUrl: string;
}

export interface ValueRange {
  range: string;
  majorDimension: "ROWS" | "COLUMNS";
  values: string[][];
}

/**
 * The Sheets API v4 calls Parley makes. 429 and 5xx are retried with backoff (Retry-After
 * honoured); a 401 drops the cached access token and tries once more with a new one.
 */
export class SheetsApi {
  constructor(private readonly options: SheetsApiOptions) {}

  async tabs(spreadsheetId: string): Promise<{ sheetId: number; title: string }[]> {
    const body = (await this.call(
      "GET",
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}?fields=${encodeURIComponent("sheets.properties(sheetId,title)")}`,
    )) as { sheets?: { properties?: { sheetId?: number; title?: string } }[] };
    return (body.sheets ?? []).flatMap((s) =>
      s.properties?.title !== undefined
        ? [{ sheetId: s.properties.sheetId ?? 0, title: s.properties.title }]
        : [],
    );
  }

  /** Formatted values of a range, rows first; trailing empty rows and cells are left out. */
  async values(spreadsheetId: string, range: string): Promise<string[][]> {
    const params = new URLSearchParams({
      majorDimension: "ROWS",
      valueRenderOption: "FORMATTED_VALUE",
    });
    const body = (await this.call(
      "GET",
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values/${encodeURIComponent(range)}?${params}`,
    )) as { values?: unknown[][] };
    return (body.values ?? []).map((row) => row.map((cell) => (cell == null ? "" : String(cell))));
  }

  /** One values.batchUpdate request; RAW input, so a cell starting with "=" is never a formula. */
  async batchUpdate(spreadsheetId: string, data: ValueRange[]): Promise<void> {
    await this.call(
      "POST",
      `/v4/spreadsheets/${encodeURIComponent(spreadsheetId)}/values:batchUpdate`,
      {
        valueInputOption: "RAW",
        data,
      },
    );
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}${path}`;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.accessToken();
      const response = await fetchWithRetry(
        "Google Sheets",
        () =>
          new Request(url, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body === undefined ? {} : { "content-type": "application/json" }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
          }),
        this.options,
      );
      if (response.status === 401 && attempt === 1) {
        // The token expired or was revoked early: get a new one and try again, once.
        await response.body?.cancel();
        this.options.tokens.invalidate();
        continue;
      }
      if (!response.ok) {
        const error = (await response.json().catch(() => ({}))) as {
          error?: { message?: string; status?: string };
        };
        const reason = error.error?.message ?? error.error?.status ?? "";
        // 400 (a bad range), 403 (not shared with the service account), 404: a person must act.
        throw new SourceError(`Google Sheets answered ${response.status} ${reason}`.trim(), false);
      }
      return response.json();
    }
  }
}
