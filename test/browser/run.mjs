// Browser tests of the dashboard: Debian's Chromium driven by playwright-core against Parley
// started by scripts/dev.mjs (wrangler dev, local state). One story, step by step, each step
// waiting on what the page shows (never on the clock). `--screenshots` also saves every page
// to docs/screenshots/. Ends with "N passed, N failed".
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { client, ROOT, startServer, stopServer, until } from "./server.mjs";

const SHOTS = process.argv.includes("--screenshots");
const SHOT_DIR = join(ROOT, "docs/screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const UI_TIMEOUT = 30_000;
const FLOW_TIMEOUT = 90_000;

const results = [];
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(
      `  ✗ ${name} (${Date.now() - started} ms)\n    ${String(error?.stack ?? error)
        .split("\n")
        .slice(0, 6)
        .join("\n    ")}`,
    );
    throw error;
  }
}
function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(page, name, options = {}) {
  if (!SHOTS) return;
  mkdirSync(SHOT_DIR, { recursive: true });
  // Let charts and fonts settle: wait for the network to go quiet, not for a fixed time.
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: join(SHOT_DIR, `${name}.png`), fullPage: true, ...options });
}

const CREATORS = `name,email,platform,handle,averageViews,engagementRate,timezone
Maya Lopez,maya@creators.test,instagram,@mayalopez,50k,4.5%,America/Los_Angeles
Jordan Lee,jordan@creators.test,tiktok,jordanlee,"80,000",,Europe/London
Sam Doe,not-an-email,instagram,samdoe,20000,,
Maya again,MAYA@creators.test,instagram,,50000,,`;

async function main() {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  console.log("Starting Parley (scripts/dev.mjs) with fresh local state…");
  const server = await startServer();
  const mail = client(server);
  const userData = mkdtempSync(join(tmpdir(), "parley-chromium-"));
  const context = await chromium.launchPersistentContext(userData, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 860 },
    timezoneId: "America/New_York",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("dialog", (d) => void d.accept());
  const base = server.base;
  let campaignId;
  try {
    await step("signs in with an API token and shows who is signed in", async () => {
      await page.goto(`${base}/`);
      await page.getByLabel("API token").waitFor();
      await shot(page, "sign-in");
      await page.getByLabel("API token").fill("not-a-real-token");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByText("That token was not accepted").waitFor();
      await page.getByLabel("API token").fill(server.token);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByTestId("signed-in-as").getByText("token:bootstrap").waitFor();
      await page.getByText("No campaigns yet").waitFor();
    });

    await step("creates a campaign, with validation errors next to their fields", async () => {
      await page.getByRole("link", { name: "New campaign" }).click();
      await page.getByLabel("Name", { exact: true }).fill("Spring launch");
      await page.getByLabel("Campaign budget ($)").fill("15,000");
      await page.getByLabel("Most rounds before a person decides").fill("0");
      await page.getByLabel("Only send inside a window").uncheck();
      await page.getByRole("button", { name: "Create campaign" }).click();
      const error = page.locator('[data-field-error="f-maxRounds"]');
      await error.waitFor();
      expect((await error.textContent()).length > 0, "the max rounds error is shown");
      await shot(page, "campaign-form");
      await page.getByLabel("Most rounds before a person decides").fill("5");
      await page.getByRole("button", { name: "Create campaign" }).click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      campaignId = new URL(page.url()).pathname.split("/").pop();
      await page.getByRole("heading", { name: "Spring launch" }).waitFor();
      await page.getByText("No creators in this campaign yet").waitFor();
    });

    await step("imports creators: preview per row, then start", async () => {
      await page.getByRole("link", { name: "Import creators" }).click();
      await page.getByLabel("…or paste rows").fill(CREATORS);
      await page.getByRole("button", { name: "Preview" }).click();
      await page.getByText("2 will start, 1 duplicate, 1 invalid").waitFor();
      expect(
        (await page.getByText("Will start", { exact: true }).count()) === 2,
        "two rows will start",
      );
      await page
        .getByText(/not-an-email/)
        .first()
        .waitFor();
      await shot(page, "creators-import");
      await page.getByRole("button", { name: "Start 2 negotiations" }).click();
      await page.getByText("2 started, 1 duplicate, 1 invalid").waitFor();
    });

    await step("lists every creator of the campaign, with filters and sort", async () => {
      await page.goto(`${base}/campaigns/${campaignId}`);
      await until(
        "both creators in the table",
        async () => {
          await page.reload();
          await page.getByRole("table").waitFor();
          return (await page.getByRole("link", { name: /Maya Lopez|Jordan Lee/ }).count()) === 2;
        },
        FLOW_TIMEOUT,
        1000,
      );
      await page.getByRole("searchbox").fill("jordan");
      await page.getByRole("button", { name: "Apply" }).click();
      await until(
        "the search to leave one row",
        async () => (await page.getByRole("link", { name: "Maya Lopez" }).count()) === 0,
      );
      await page.getByRole("link", { name: "Jordan Lee" }).waitFor();
      await page.getByRole("searchbox").fill("");
      await page.getByRole("button", { name: "Apply" }).click();
      await page.getByRole("button", { name: /^Creator/ }).click();
      await page.getByRole("link", { name: "Maya Lopez" }).waitFor();
    });

    await step("a negotiation reaches awaiting_approval and shows its draft", async () => {
      await page.getByRole("link", { name: "Maya Lopez" }).click();
      await page.waitForURL(/\/negotiations\//);
      await page
        .getByRole("heading", { name: /Draft waiting for approval/ })
        .waitFor({ timeout: FLOW_TIMEOUT });
      await page.getByText("Awaiting approval", { exact: true }).first().waitFor();
    });

    await step("a refused edit shows the gate's reasons", async () => {
      const draft = page.getByLabel(/Email text/);
      const original = await draft.inputValue();
      await draft.fill(`${original}\n\nWe can also pay $9,999 by wire transfer to your bank.`);
      await page.getByRole("button", { name: "Send edited email" }).click();
      await page.getByText("The edit was not sent: the outgoing-email gate refused it.").waitFor();
      expect(
        (await page.locator("#draft-refused li").count()) > 0,
        "the gate's reasons are listed",
      );
      await draft.fill(original.replace(/\n*$/, "\n\nThanks again for your time."));
    });

    await step("edits and approves the draft; the email goes out", async () => {
      await page.getByRole("button", { name: "Send edited email" }).click();
      await page.locator('[data-timeline="email_sent"]').first().waitFor({ timeout: FLOW_TIMEOUT });
      const sent = await until(
        "the opening email in the local outbox",
        async () => (await mail.outbox("maya@creators.test")).at(-1),
        FLOW_TIMEOUT,
      );
      expect(sent.subject, "the sent email has a subject");
    });

    await step("the creator's reply and the agreement appear", async () => {
      const [opening] = await mail.outbox("maya@creators.test");
      await mail.reply(
        "maya@creators.test",
        "Maya Lopez",
        opening,
        "Hi!\n\nSounds great, let's do it. So excited to work together!\n\nMaya",
      );
      await page
        .locator('[data-timeline="email_received"]')
        .first()
        .waitFor({ timeout: FLOW_TIMEOUT });
      // Review autonomy: the agreement email waits for a person too.
      await page
        .getByRole("button", { name: "Approve and send" })
        .waitFor({ timeout: FLOW_TIMEOUT });
      await page.getByRole("button", { name: "Approve and send" }).click();
      await page.getByText("Agreed", { exact: true }).first().waitFor({ timeout: FLOW_TIMEOUT });
      await page.locator('[data-timeline="agreement"]').first().waitFor({ timeout: FLOW_TIMEOUT });
      await until(
        "the agreement email to be sent",
        async () => (await page.locator('[data-timeline="email_sent"]').count()) >= 2,
        FLOW_TIMEOUT,
      );
      await shot(page, "negotiation");
    });

    await step("the inbox shows the agreement; marking it done resolves it", async () => {
      await page.getByRole("link", { name: /^Inbox/ }).click();
      const card = page
        .getByRole("article")
        .filter({ hasText: "Maya Lopez" })
        .filter({ hasText: "Agreement" })
        .first();
      await card.waitFor({ timeout: FLOW_TIMEOUT });
      await shot(page, "inbox");
      await card.getByRole("button", { name: "Mark done" }).click();
      await page.getByRole("tab", { name: "Resolved" }).click();
      await page
        .getByText(/Dismissed by token:bootstrap/)
        .first()
        .waitFor();
    });

    await step("searches the audit trail and exports exactly the filtered set", async () => {
      await page.getByRole("link", { name: "Audit" }).click();
      await page.getByLabel("Creator (name or email)").fill("maya");
      await page.getByRole("button", { name: "Search" }).click();
      await page
        .getByRole("cell", { name: "email_sent" })
        .first()
        .waitFor({ timeout: FLOW_TIMEOUT });
      await shot(page, "audit");
      const expected = (await mail.api("GET", "/api/audit?creator=maya&limit=1000")).events.length;
      const [csv] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ]);
      const csvText = readFileSync(await csv.path(), "utf8");
      const rows = csvText.split("\r\n").filter(Boolean);
      expect(rows[0].startsWith("id,at,type"), "the CSV has its header");
      const [json] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export JSON" }).click(),
      ]);
      const events = JSON.parse(readFileSync(await json.path(), "utf8"));
      // New events may land between the two reads (queued audit rows): never fewer, never others.
      expect(events.length >= expected, `JSON export has ${events.length}, API had ${expected}`);
      expect(
        events.every((e) => /maya/i.test(`${e.creatorName} ${e.creatorEmail}`)),
        "only Maya's events",
      );
      expect(
        rows.length - 1 >= expected,
        `CSV export has ${rows.length - 1} rows, API had ${expected}`,
      );
    });

    let viewerToken;
    let jordanId;
    await step(
      "operations: readiness, the sending pool, failed jobs replayed one by one and all at once, a new viewer token",
      async () => {
        jordanId = (await mail.api("GET", `/api/campaigns/${campaignId}/negotiations?q=jordan`))
          .negotiations[0].id;
        await mail.failedJob(jordanId, 1);
        await mail.failedJob(jordanId, 2);
        await page.getByRole("link", { name: "Operations" }).click();
        await page.getByText("Ready", { exact: true }).waitFor();
        await page.getByRole("columnheader", { name: "Emails a day" }).waitFor();
        await page.getByText("Sending", { exact: true }).first().waitFor();
        await page.getByText(/^2 not yet replayed/).waitFor();
        await page
          .getByRole("button", { name: /^Replay email/ })
          .first()
          .click();
        await page
          .getByText(/Replayed .* by token:bootstrap/)
          .first()
          .waitFor();
        await page.getByText(/^1 not yet replayed/).waitFor();
        await page.getByRole("button", { name: "Replay all not yet replayed" }).click();
        await page.getByText("Replayed 1.").waitFor();
        await page.getByText("Every failed job here was replayed.").waitFor();
        const jobs = (await mail.api("GET", "/api/failed-jobs")).failedJobs;
        expect(
          jobs.filter((j) => j.id.startsWith("failed:browser-")).every((j) => j.replayedAt),
          "both failed jobs are replayed",
        );
        await page.getByLabel("Name").fill("browser-viewer");
        await page.getByLabel("Role").selectOption("viewer");
        await page.getByRole("button", { name: "Create token" }).click();
        viewerToken = (await page.getByTestId("new-token").textContent()).trim();
        expect(viewerToken.startsWith("prl_"), "the new token is shown once");
      },
    );

    await step(
      "the global pause: an admin pauses, every page says so, resuming from the banner lifts it",
      async () => {
        await page.getByLabel("Reason (optional").fill("browser drill");
        await page.getByRole("button", { name: "Pause all sending" }).click();
        const banner = page.getByTestId("global-pause-banner");
        await banner.getByText("browser drill").waitFor();
        await page.getByText(/^Paused since/).waitFor();
        const settings = await mail.api("GET", "/api/settings");
        expect(
          settings.globalPause.paused && settings.globalPause.by === "token:bootstrap",
          "the server holds every send, paused by the admin",
        );
        await shot(page, "operations");
        // Another page: the banner stays.
        await page.getByRole("link", { name: "Audit" }).click();
        await page.waitForURL(/\/audit$/);
        await banner.getByText("All sending is paused").waitFor();
        await banner.getByRole("button", { name: "Resume all sending" }).click();
        await banner.waitFor({ state: "detached" });
        expect(
          !(await mail.api("GET", "/api/settings")).globalPause.paused,
          "the pause is lifted on the server",
        );
      },
    );

    await step("campaign page with metrics and the CPM chart", async () => {
      await page.goto(`${base}/campaigns/${campaignId}`);
      await page.getByText("Agreed CPM against the band").waitFor({ timeout: FLOW_TIMEOUT });
      await shot(page, "campaign-detail");
      await page.goto(`${base}/`);
      await page.getByRole("link", { name: "Spring launch" }).waitFor();
      await shot(page, "campaigns");
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${base}/campaigns/${campaignId}`);
      await page.getByRole("table").waitFor();
      await shot(page, "campaign-detail-phone");
      await page.setViewportSize({ width: 1280, height: 860 });
    });

    await step("a viewer sees everything and can act on nothing", async () => {
      await mail.api("POST", "/api/settings/pause", { reason: "viewer check" });
      await mail.failedJob(jordanId, 3);
      // A new tab has its own session storage: a second person.
      const viewer = await context.newPage();
      try {
        await viewer.goto(`${base}/`);
        await viewer.getByLabel("API token").fill(viewerToken);
        await viewer.getByRole("button", { name: "Sign in" }).click();
        await viewer.getByTestId("signed-in-as").getByText("viewer", { exact: true }).waitFor();
        await viewer.getByRole("link", { name: "Spring launch" }).waitFor();
        expect(
          (await viewer.getByRole("link", { name: "New campaign" }).count()) === 0,
          "no New campaign for a viewer",
        );
        const banner = viewer.getByTestId("global-pause-banner");
        await banner.getByText("An admin can resume it").waitFor();
        expect(
          (await banner.getByRole("button").count()) === 0,
          "no resume in the banner for a viewer",
        );
        await viewer.getByRole("link", { name: "Operations" }).click();
        await viewer.getByText("Not replayed", { exact: true }).waitFor();
        await viewer.getByText(/^Paused since/).waitFor();
        expect(
          (await viewer.getByRole("button", { name: /Pause|Resume|Replay/ }).count()) === 0,
          "no pause, resume or replay for a viewer",
        );
        expect(
          (await viewer.getByRole("heading", { name: "API tokens" }).count()) === 0,
          "no API tokens for a viewer",
        );
        await viewer.goto(`${base}/negotiations/${jordanId}`);
        await viewer.getByText("acting on it needs the operator role").waitFor();
        for (const name of ["Pause", "Stop", "Take over", "Approve and send"])
          expect(
            (await viewer.getByRole("button", { name }).count()) === 0,
            `no ${name} button for a viewer`,
          );
        // The server refuses even when the page is bypassed.
        const status = (path) =>
          viewer.evaluate(
            async ([p, token]) =>
              (
                await fetch(p, {
                  method: "POST",
                  headers: { authorization: `Bearer ${token}`, "x-parley-request": "1" },
                })
              ).status,
            [path, viewerToken],
          );
        for (const path of [
          `/api/negotiations/${jordanId}/pause`,
          "/api/settings/resume",
          "/api/failed-jobs/replay",
        ]) {
          const answered = await status(path);
          expect(answered === 403, `a viewer's POST ${path} answered ${answered}`);
        }
      } finally {
        await viewer.close();
        await mail.api("POST", "/api/settings/resume");
      }
    });
  } finally {
    await context.close().catch(() => {});
    rmSync(userData, { recursive: true, force: true });
    await stopServer(server);
    rmSync(server.dir, { recursive: true, force: true });
  }
}

const started = Date.now();
let crashed = null;
await main().catch((error) => {
  crashed = error;
});
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed + (crashed && results.every((r) => r.ok) ? 1 : 0);
if (crashed && results.every((r) => r.ok)) console.log(`  ✗ setup: ${crashed.message}`);
console.log(
  `\nbrowser tests in ${((Date.now() - started) / 1000).toFixed(1)} s${SHOTS ? `; screenshots in docs/screenshots/` : ""}`,
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
