import { describe, expect, it } from "vitest";
import { parseSlashCommand, USAGE, unescapeSlackText, usageFor } from "../../src/slack/commands";

describe("parseSlashCommand", () => {
  it("reads help, and treats empty input as help", () => {
    expect(parseSlashCommand("help")).toEqual({ kind: "help" });
    expect(parseSlashCommand("  HELP ")).toEqual({ kind: "help" });
    expect(parseSlashCommand("")).toEqual({ kind: "help" });
  });

  it("reads status by email or by a name with spaces, optionally in one campaign", () => {
    expect(parseSlashCommand("status maya@gmail.com")).toEqual({
      kind: "status",
      target: { query: "maya@gmail.com", campaignId: null },
    });
    expect(parseSlashCommand("Status  Maya Lopez ")).toEqual({
      kind: "status",
      target: { query: "Maya Lopez", campaignId: null },
    });
    expect(parseSlashCommand("status maya@gmail.com campaign:c-123")).toEqual({
      kind: "status",
      target: { query: "maya@gmail.com", campaignId: "c-123" },
    });
  });

  it("reads each control command and its target", () => {
    for (const command of ["pause", "resume", "stop", "takeover", "release"])
      expect(parseSlashCommand(`${command} kai@gmail.com`)).toEqual({
        kind: "control",
        command,
        target: { query: "kai@gmail.com", campaignId: null },
      });
    expect(parseSlashCommand("PAUSE Kai")).toMatchObject({ kind: "control", command: "pause" });
  });

  it("undoes Slack's auto-linking of emails and domains", () => {
    expect(parseSlashCommand("pause <mailto:kai@gmail.com|kai@gmail.com>")).toMatchObject({
      target: { query: "kai@gmail.com" },
    });
    expect(parseSlashCommand("stop-agency <http://TalentCo.com|TalentCo.com>")).toEqual({
      kind: "stop_agency",
      domain: "talentco.com",
    });
    expect(unescapeSlackText("Tom &amp; Jerry &lt;3 <#C1|general> <@U1>")).toBe(
      "Tom & Jerry <3 general @U1",
    );
  });

  it("reads the global kill switch, and nothing after it", () => {
    expect(parseSlashCommand("pause-all")).toEqual({ kind: "global_pause", paused: true });
    expect(parseSlashCommand("RESUME-ALL")).toEqual({ kind: "global_pause", paused: false });
    expect(parseSlashCommand("pause-all now").kind).toBe("unknown");
  });

  it("reads stop-agency with one host name", () => {
    expect(parseSlashCommand("stop-agency talentco.com")).toEqual({
      kind: "stop_agency",
      domain: "talentco.com",
    });
    expect(parseSlashCommand("stop-agency @talentco.com")).toEqual({
      kind: "stop_agency",
      domain: "talentco.com",
    });
    for (const bad of ["stop-agency", "stop-agency talent co", "stop-agency not_a_host"])
      expect(parseSlashCommand(bad)).toMatchObject({ kind: "unknown" });
  });

  it("reads audit filters in any order, with quoted values", () => {
    expect(parseSlashCommand("audit")).toEqual({
      kind: "audit",
      filter: { creator: null, campaignId: null, type: null, sinceMs: null, page: 1 },
    });
    expect(
      parseSlashCommand('audit last:7d creator:"Maya Lopez" type:Email_Sent campaign:c1 page:3'),
    ).toEqual({
      kind: "audit",
      filter: {
        creator: "Maya Lopez",
        campaignId: "c1",
        type: "email_sent",
        sinceMs: 7 * 24 * 3_600_000,
        page: 3,
      },
    });
    expect(parseSlashCommand("audit creator:maya@gmail.com last:24h")).toMatchObject({
      filter: { creator: "maya@gmail.com", sinceMs: 24 * 3_600_000 },
    });
    expect(parseSlashCommand("audit creator:“Maya Lopez”")).toMatchObject({
      filter: { creator: "Maya Lopez" },
    });
  });

  it("refuses unknown audit filters and bad values, saying what was wrong", () => {
    for (const [input, problem] of [
      ["audit maya", "`maya` is not an audit filter"],
      ["audit who:maya", "`who:maya` is not an audit filter"],
      ["audit last:week", "`last:week` must be hours or days"],
      ["audit last:0h", "`last:0h` must be hours or days"],
      ["audit last:91d", "`last:91d` must be hours or days"],
      ["audit page:0", "`page:0` must be a number"],
      ["audit creator:", "`creator:` needs a value"],
    ] as const) {
      const parsed = parseSlashCommand(input);
      expect(parsed.kind, input).toBe("unknown");
      expect(parsed.kind === "unknown" && parsed.problem, input).toContain(problem);
    }
  });

  it("answers anything else with usage, naming the problem", () => {
    const unknown = parseSlashCommand("dance maya");
    expect(unknown).toEqual({ kind: "unknown", problem: "`dance` is not a command" });
    const text = usageFor(unknown as Extract<typeof unknown, { kind: "unknown" }>);
    expect(text).toContain("`dance` is not a command");
    expect(text).toContain(USAGE);
    expect(parseSlashCommand("pause")).toMatchObject({ kind: "unknown" });
    expect(parseSlashCommand(`status ${"x".repeat(400)}`)).toMatchObject({ kind: "unknown" });
    expect(usageFor({ kind: "help" })).toBe(USAGE);
  });

  it("documents every command and filter in the usage text", () => {
    for (const word of ["status", "pause", "resume", "stop", "takeover", "release"])
      expect(USAGE).toContain(word);
    for (const word of ["stop-agency", "audit", "creator:", "campaign:", "type:", "last:", "page:"])
      expect(USAGE).toContain(word);
  });
});
