import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../src/api/types";
import { position } from "../src/components/band-bar";
import { collectAudit, joinCsvPages } from "../src/lib/audit-export";
import { inPool } from "../src/lib/bulk";
import { commandsFor } from "../src/lib/states";

describe("audit export", () => {
  it("follows the cursor to the last page", async () => {
    const seen: (string | undefined)[] = [];
    const event = (id: string) => ({ id }) as AuditEvent;
    const all = await collectAudit(async (cursor) => {
      seen.push(cursor);
      return cursor === undefined
        ? { events: [event("a"), event("b")], nextCursor: "c1" }
        : { events: [event("c")], nextCursor: null };
    });
    expect(all.map((e) => e.id)).toEqual(["a", "b", "c"]);
    expect(seen).toEqual([undefined, "c1"]);
  });

  it("joins CSV pages under one header", () => {
    expect(joinCsvPages(["id,at\r\n1,x\r\n", "id,at\r\n2,y\r\n", "id,at\r\n"])).toBe(
      "id,at\r\n1,x\r\n2,y\r\n",
    );
    expect(joinCsvPages([])).toBe("");
  });
});

describe("bulk actions", () => {
  it("gives every item its own outcome, a few at a time", async () => {
    let running = 0;
    let most = 0;
    const results = await inPool([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
      if (n === 3) throw new Error("illegal");
      return n * 2;
    });
    expect(most).toBe(2);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.find((r) => !r.ok)?.item).toBe(3);
  });
});

describe("negotiation controls", () => {
  it("offers only commands that fit the state", () => {
    expect(commandsFor("agreed")).toEqual([]);
    expect(commandsFor("paused")).toEqual(["resume", "stop"]);
    expect(commandsFor("human")).toContain("release");
    expect(commandsFor("awaiting_reply")).toEqual(["pause", "takeover", "stop"]);
  });
});

describe("the band picture", () => {
  it("places points on the scale and clamps the rest", () => {
    expect(position(50, 100)).toBe(50);
    expect(position(500, 100)).toBe(100);
    expect(position(-1, 100)).toBe(0);
    expect(position(1, 0)).toBe(0);
  });
});
