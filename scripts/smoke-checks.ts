/// <reference types="node" />
/**
 * The checks of `npm run smoke`, through the public API only (docs/deploy.md): the Worker answers,
 * is ready, refuses a request without a token, serves an authenticated read, and (with a test
 * creator address) starts a negotiation in a smoke campaign and stops it. The campaign holds every
 * email for approval, so a started negotiation sends nothing before it is stopped.
 */

/** The smoke campaign, found by this externalId (created once, then reused). */
export const SMOKE_CAMPAIGN_EXTERNAL_ID = "parley-smoke";

export interface SmokeOptions {
  base: string;
  token: string;
  /** A test creator address; the negotiation is started with a `+smoke-<time>` sub-address of it. */
  creatorEmail?: string | undefined;
  /** Called with each passed check and what it saw. */
  onPass?: (check: string, detail: string) => void;
  /**
   * How many emails went to an address, where the transport can tell (Wrangler's local outbox):
   * the held opening email must not have gone out.
   */
  sentTo?: (address: string) => Promise<number>;
  /** How long /health may take to answer 200 (a deploy reaching every location); 0 asks once. */
  waitMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  now?: () => Date;
}

export type SmokeResult =
  | { ok: true; passed: string[] }
  | { ok: false; passed: string[]; failed: string; message: string };

class CheckFailed extends Error {}

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: an untyped JSON answer, checked field by field
  json: any;
}

/** A unique, still deliverable sub-address per run: the API starts one negotiation per address. */
export function smokeCreatorAddress(address: string, at: Date): string {
  const [local, domain] = address.trim().split("@");
  if (!local || !domain) throw new CheckFailed(`"${address}" is not an email address`);
  const stamp = at
    .toISOString()
    .replace(/[-:T.Z]/g, "")
    .slice(0, 17);
  return `${local}+smoke-${stamp}@${domain}`;
}

export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const base = options.base.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const passed: string[] = [];
  let current = "";

  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          ...(auth ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
    } catch (error) {
      throw new CheckFailed(
        `${method} ${path} did not answer: ${error instanceof Error ? error.message : error}`,
      );
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text.slice(0, 300);
    }
    return { status: res.status, json } as Answer;
  };
  const expectStatus = (answer: Answer, wanted: number[], what: string) => {
    if (!wanted.includes(answer.status))
      throw new CheckFailed(
        `${what} answered ${answer.status}, expected ${wanted.join(" or ")}: ${JSON.stringify(answer.json)}`,
      );
  };
  const check = async (name: string, run: () => Promise<string>) => {
    current = name;
    const detail = await run();
    passed.push(name);
    options.onPass?.(name, detail);
  };

  let negotiationId: string | null = null;
  let stopped = false;
  try {
    await check("health", async () => {
      const deadline = Date.now() + (options.waitMs ?? 0);
      let answer = await call("GET", "/health", undefined, false).catch((e) => e as Error);
      while ((answer instanceof Error || answer.status !== 200) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        answer = await call("GET", "/health", undefined, false).catch((e) => e as Error);
      }
      if (answer instanceof Error) throw answer;
      expectStatus(answer, [200], "GET /health");
      if (answer.json?.status !== "ok")
        throw new CheckFailed(`GET /health said ${JSON.stringify(answer.json)}`);
      return "GET /health 200";
    });
    await check("ready", async () => {
      const answer = await call("GET", "/ready", undefined, false);
      if (answer.status !== 200) {
        const failing = Object.entries(answer.json?.checks ?? {})
          .filter(([, c]) => !(c as { ok?: boolean }).ok)
          .map(([name, c]) => `${name}: ${JSON.stringify((c as { detail?: unknown }).detail)}`);
        throw new CheckFailed(
          `GET /ready answered ${answer.status}${failing.length ? `; failing: ${failing.join("; ")}` : `: ${JSON.stringify(answer.json)}`}`,
        );
      }
      const warnings = (answer.json?.warnings ?? []) as string[];
      return `GET /ready 200${warnings.length ? ` (warnings: ${warnings.join("; ")})` : ""}`;
    });
    await check("auth required", async () => {
      const answer = await call("GET", "/api/campaigns", undefined, false);
      expectStatus(answer, [401], "GET /api/campaigns without a token");
      return "GET /api/campaigns without a token 401";
    });
    let campaigns: { id: string; externalId?: string | null }[] = [];
    await check("authenticated read", async () => {
      if (!options.token)
        throw new CheckFailed("no token (PARLEY_SMOKE_TOKEN or PARLEY_API_TOKEN)");
      const answer = await call("GET", "/api/campaigns");
      expectStatus(answer, [200], "GET /api/campaigns");
      if (!Array.isArray(answer.json?.campaigns))
        throw new CheckFailed("GET /api/campaigns has no campaigns list");
      campaigns = answer.json.campaigns;
      return `GET /api/campaigns 200 (${campaigns.length} campaigns)`;
    });
    if (!options.creatorEmail) return { ok: true, passed };

    let campaignId = "";
    await check("smoke campaign", async () => {
      const found = campaigns.find((c) => c.externalId === SMOKE_CAMPAIGN_EXTERNAL_ID);
      if (found) {
        campaignId = found.id;
        return `reused ${campaignId}`;
      }
      const answer = await call("POST", "/api/campaigns", {
        name: "Smoke test (deploy checks; holds every email for approval)",
        externalId: SMOKE_CAMPAIGN_EXTERNAL_ID,
        cpmTargetCents: 2500,
        leniencyPct: 20,
        budgetCents: 100_000,
        autonomy: "review",
        sendWindow: null,
      });
      expectStatus(answer, [200, 201], "POST /api/campaigns");
      campaignId = answer.json.id;
      return `created ${campaignId}`;
    });
    const creatorEmail = smokeCreatorAddress(
      options.creatorEmail,
      (options.now ?? (() => new Date()))(),
    );
    await check("negotiation start", async () => {
      const answer = await call("POST", `/api/campaigns/${campaignId}/negotiations`, {
        creator: {
          name: "Smoke Test Creator",
          email: creatorEmail,
          platform: "instagram",
          averageViews: 20_000,
          timezone: "UTC",
        },
      });
      expectStatus(answer, [201], `POST /api/campaigns/${campaignId}/negotiations`);
      negotiationId = answer.json.id;
      if (!negotiationId) throw new CheckFailed("the started negotiation has no id");
      if (answer.json.state === "stopped")
        throw new CheckFailed(`negotiation ${negotiationId} is already stopped`);
      return `${negotiationId} for ${creatorEmail}, state ${answer.json.state}`;
    });
    await check("negotiation stop", async () => {
      const answer = await call("POST", `/api/negotiations/${negotiationId}/stop`, {});
      expectStatus(answer, [200], `POST /api/negotiations/${negotiationId}/stop`);
      stopped = true;
      const read = await call("GET", `/api/negotiations/${negotiationId}`);
      expectStatus(read, [200], `GET /api/negotiations/${negotiationId}`);
      if (read.json?.state !== "stopped")
        throw new CheckFailed(`negotiation ${negotiationId} is ${read.json?.state} after stop`);
      return `${negotiationId} stopped`;
    });
    const sentTo = options.sentTo;
    if (sentTo)
      await check("nothing sent", async () => {
        const count = await sentTo(creatorEmail);
        if (count > 0) throw new CheckFailed(`${count} email(s) went to ${creatorEmail}`);
        return `no email went to ${creatorEmail}`;
      });
    return { ok: true, passed };
  } catch (error) {
    if (negotiationId && !stopped)
      // Best effort: never leave a smoke negotiation running.
      await call("POST", `/api/negotiations/${negotiationId}/stop`, {}).catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, passed, failed: current, message };
  }
}
