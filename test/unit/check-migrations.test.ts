import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkMigration, checkMigrations } from "../../scripts/check-migrations.mjs";

describe("the migration check (expand/contract)", () => {
  it("passes every committed migration", () => {
    const results = checkMigrations("migrations");
    expect(results.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.refused)).toEqual([]);
  });

  it("passes additive changes: new tables, nullable or defaulted columns, indexes", () => {
    const sql = [
      "CREATE TABLE `deal_notes` (\n\t`id` text PRIMARY KEY NOT NULL,\n\t`text` text NOT NULL\n);",
      "--> statement-breakpoint",
      "ALTER TABLE `negotiations` ADD `note` text;--> statement-breakpoint",
      "ALTER TABLE `notifications` ADD `data` text DEFAULT '{}' NOT NULL;--> statement-breakpoint",
      "CREATE INDEX `deal_notes_text` ON `deal_notes` (`text`);",
      "-- no DROP TABLE here: comments are not statements",
    ].join("\n");
    expect(checkMigration(sql)).toEqual({ problems: [], contract: null });
  });

  it.each([
    ["DROP TABLE `campaigns`;", "drops table"],
    ["DROP INDEX IF EXISTS `negotiations_campaign`;", "drops index"],
    ["ALTER TABLE `negotiations` DROP COLUMN `their_ask_cents`;", "drops column"],
    ["ALTER TABLE `campaigns` RENAME TO `briefs`;", "renames table"],
    ["ALTER TABLE `campaigns` RENAME COLUMN `terms` TO `rules`;", "renames column"],
    [
      "ALTER TABLE `campaigns` ADD `owner` text NOT NULL;",
      "adds NOT NULL column without a DEFAULT",
    ],
  ])("refuses %s", (sql, reason) => {
    const { problems, contract } = checkMigration(`${sql}\n`);
    expect(contract).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(reason);
  });

  it("lets a destructive statement through only in a file marked as a contract step", () => {
    const sql =
      "-- contract: legacy_notes unused since v1.4.0 (read by no deployed version)\nDROP TABLE `legacy_notes`;\n";
    const checked = checkMigration(sql);
    expect(checked.problems).toHaveLength(1);
    expect(checked.contract).toBe("legacy_notes unused since v1.4.0 (read by no deployed version)");
  });

  it("exits non-zero naming the migration that would break the running version", () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-migrations-"));
    try {
      writeFileSync(
        join(dir, "0000_init.sql"),
        "CREATE TABLE `a` (`id` text PRIMARY KEY NOT NULL);\n",
      );
      writeFileSync(join(dir, "0001_rename.sql"), "ALTER TABLE `a` RENAME COLUMN `id` TO `key`;\n");
      const refused = spawnSync(process.execPath, ["scripts/check-migrations.mjs", "--dir", dir], {
        encoding: "utf8",
      });
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain("REFUSED  0001_rename.sql");
      expect(refused.stderr).toContain("renames column");

      writeFileSync(join(dir, "0001_rename.sql"), "ALTER TABLE `a` ADD `key` text;\n");
      const passed = spawnSync(process.execPath, ["scripts/check-migrations.mjs", "--dir", dir], {
        encoding: "utf8",
      });
      expect(passed.status).toBe(0);
      expect(passed.stdout).toContain("ok       0001_rename.sql");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
