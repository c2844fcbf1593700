/**
 * A local stand-in for ClickUp's API v2 (GET task with custom_fields, POST task comment) and for
 * Google's OAuth token endpoint (service-account JWT grant, the assertion verified with the
 * account's public key) and the Sheets API v4 (spreadsheet tabs, values.get,
 * values.batchUpdate), speaking their request and response shapes. Scriptable faults: the next
 * Sheets calls answer 429 (with Retry-After) or 5xx; every access token can be expired at once.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { importSPKI, jwtVerify } from "jose";

export const CLICKUP_TOKEN = "pk_test_0123456789";

export interface FakeTask {
  id: string;
  name: string;
  status: { status: string; type: string };
  list: { id: string };
  custom_fields: {
    id: string;
    name: string;
    type: string;
    type_config?: Record<string, unknown>;
    value?: unknown;
  }[];
}

export interface FakeSheet {
  /** Tab title → rows of cells (row 1 is the header). */
  tabs: Record<string, string[][]>;
}

export class FakeSources {
  readonly tasks = new Map<string, FakeTask>();
  readonly comments: { taskId: string; text: string }[] = [];
  readonly sheets = new Map<string, FakeSheet>();
  taskReads = 0;
  tokensIssued = 0;
  sheetCalls = 0;
  batchUpdates = 0;
  /** Statuses the next Sheets calls answer, in order (429s carry Retry-After: 1). */
  private faults: number[] = [];
  private validTokens = new Set<string>();
  private server: Server | null = null;

  constructor(
    private readonly serviceAccountEmail: string,
    private readonly publicKeyPem: string,
  ) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.route(
          req.method ?? "GET",
          req.url ?? "/",
          req.headers,
          Buffer.concat(chunks).toString(),
          res,
        ).catch((error) => {
          res.writeHead(500);
          res.end(String(error));
        });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async route(
    method: string,
    path: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
    res: ServerResponse,
  ) {
    const json = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=UTF-8", ...extra });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(path, "http://fake");
    const p = decodeURIComponent(url.pathname);

    // Control API for the tests.
    if (p === "/__state")
      return json(200, {
        comments: this.comments,
        taskReads: this.taskReads,
        tokensIssued: this.tokensIssued,
        sheetCalls: this.sheetCalls,
        batchUpdates: this.batchUpdates,
        sheets: Object.fromEntries(this.sheets),
      });
    if (p.startsWith("/__task/") && method === "DELETE") {
      this.tasks.delete(p.slice("/__task/".length));
      return json(200, { ok: true });
    }
    if (p === "/__task" && method === "PUT") {
      const task = JSON.parse(body) as FakeTask;
      this.tasks.set(task.id, task);
      return json(200, { ok: true });
    }
    if (p.startsWith("/__sheet/") && method === "PUT") {
      this.sheets.set(p.slice("/__sheet/".length), JSON.parse(body) as FakeSheet);
      return json(200, { ok: true });
    }
    if (p === "/__fault" && method === "POST") {
      this.faults.push(...(JSON.parse(body) as number[]));
      return json(200, { ok: true });
    }
    if (p === "/__expire-tokens" && method === "POST") {
      this.validTokens.clear();
      return json(200, { ok: true });
    }

    // ClickUp API v2: the token as it is, no scheme.
    const clickup = /^\/clickup\/api\/v2\/task\/([^/]+)(\/comment)?$/.exec(p);
    if (clickup) {
      if (headers.authorization !== CLICKUP_TOKEN)
        return json(401, { err: "Token invalid", ECODE: "OAUTH_025" });
      const task = this.tasks.get(clickup[1] ?? "");
      if (!task) return json(404, { err: "Task not found, deleted", ECODE: "ITEM_013" });
      if (clickup[2] && method === "POST") {
        const { comment_text } = JSON.parse(body) as { comment_text: string };
        this.comments.push({ taskId: task.id, text: comment_text });
        return json(200, {
          id: String(90000 + this.comments.length),
          hist_id: "h1",
          date: Date.now(),
        });
      }
      this.taskReads += 1;
      return json(200, {
        id: task.id,
        custom_id: null,
        name: task.name,
        text_content: "",
        description: "",
        status: { ...task.status, color: "#d3d3d3", orderindex: 0 },
        date_created: "1733390000000",
        creator: { id: 1, username: "ana" },
        list: { id: task.list.id, name: "Campaigns", access: true },
        folder: { id: "1", name: "Influencer", hidden: false, access: true },
        space: { id: "1" },
        url: `https://app.clickup.com/t/${task.id}`,
        custom_fields: task.custom_fields.map((f) => ({
          date_created: "1733390000000",
          hide_from_guests: false,
          required: false,
          type_config: {},
          ...f,
        })),
      });
    }

    // Google OAuth: the service-account JWT grant.
    if (p === "/token" && method === "POST") {
      const form = new URLSearchParams(body);
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return json(400, { error: "unsupported_grant_type" });
      try {
        const key = await importSPKI(this.publicKeyPem, "RS256");
        const { payload } = await jwtVerify(form.get("assertion") ?? "", key, {
          issuer: this.serviceAccountEmail,
        });
        if (payload.scope !== "https://www.googleapis.com/auth/spreadsheets")
          return json(400, { error: "invalid_scope" });
      } catch {
        return json(400, { error: "invalid_grant", error_description: "Invalid JWT Signature." });
      }
      this.tokensIssued += 1;
      const token = `ya29.sheets-${this.tokensIssued}`;
      this.validTokens.add(token);
      return json(200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
    }

    // Sheets API v4.
    const sheets =
      /^\/sheets\/v4\/spreadsheets\/([^/]+?)(?:\/values\/(.+)|\/values:batchUpdate)?$/.exec(p);
    if (sheets) {
      this.sheetCalls += 1;
      const token = String(headers.authorization ?? "").replace(/^Bearer /, "");
      if (!this.validTokens.has(token))
        return json(401, {
          error: {
            code: 401,
            message: "Request had invalid authentication credentials.",
            status: "UNAUTHENTICATED",
          },
        });
      const fault = this.faults.shift();
      if (fault)
        return json(
          fault,
          {
            error: {
              code: fault,
              message:
                fault === 429
                  ? "Quota exceeded for quota metric 'Read requests'"
                  : "The service is currently unavailable.",
              status: fault === 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE",
            },
          },
          fault === 429 ? { "retry-after": "1" } : {},
        );
      const id = sheets[1] ?? "";
      const sheet = this.sheets.get(id);
      if (!sheet)
        return json(404, {
          error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" },
        });
      const titles = Object.keys(sheet.tabs);
      if (p.endsWith("/values:batchUpdate") && method === "POST") {
        this.batchUpdates += 1;
        const { data } = JSON.parse(body) as {
          data: { range: string; majorDimension: string; values: string[][] }[];
        };
        let cells = 0;
        for (const range of data) cells += this.write(sheet, range);
        return json(200, {
          spreadsheetId: id,
          totalUpdatedRows: cells,
          totalUpdatedCells: cells,
          totalUpdatedSheets: 1,
          responses: data.map((d) => ({ spreadsheetId: id, updatedRange: d.range })),
        });
      }
      if (sheets[2]) {
        const title = unquote(sheets[2].split("!")[0] ?? "");
        const rows = sheet.tabs[title];
        if (!rows)
          return json(400, {
            error: {
              code: 400,
              message: `Unable to parse range: ${sheets[2]}`,
              status: "INVALID_ARGUMENT",
            },
          });
        // Sheets leaves out trailing empty cells and rows.
        const values = rows.map((r) => trimEnd(r));
        while (values.length && values[values.length - 1]?.length === 0) values.pop();
        return json(200, {
          range: `${sheets[2]}!A1:Z${rows.length}`,
          majorDimension: "ROWS",
          values,
        });
      }
      return json(200, {
        spreadsheetId: id,
        sheets: titles.map((title, i) => ({ properties: { sheetId: i * 1000, title, index: i } })),
      });
    }
    return json(404, { error: { code: 404, message: "Not Found", status: "NOT_FOUND" } });
  }

  /** Applies one A1 range of a batchUpdate (single column, COLUMNS major). */
  private write(sheet: FakeSheet, range: { range: string; values: string[][] }): number {
    const [tabPart = "", cellsPart = ""] = range.range.split("!");
    const rows = sheet.tabs[unquote(tabPart)];
    const match = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(cellsPart);
    if (!rows || !match) throw new Error(`bad range ${range.range}`);
    const column = [...(match[1] ?? "")].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const start = Number(match[2]);
    const values = range.values[0] ?? [];
    values.forEach((value, i) => {
      const r = start - 1 + i;
      while (rows.length <= r) rows.push([]);
      const row = rows[r] as string[];
      while (row.length <= column) row.push("");
      row[column] = value;
    });
    return values.length;
  }
}

const unquote = (title: string) => title.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");

function trimEnd(row: string[]): string[] {
  const out = [...row];
  while (out.length && (out[out.length - 1] ?? "") === "") out.pop();
  return out;
}
