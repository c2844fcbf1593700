import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const WEB = resolve(import.meta.dirname, "..");
const SOURCE = join(WEB, "src");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? files(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every `import … from "…"` and `export … from "…"` statement of a file, with its specifier. */
function statements(text: string): { statement: string; specifier: string }[] {
  return [...text.matchAll(/^(import|export)\b[^;]*?\bfrom\s+"([^"]+)";/gms)].map((m) => ({
    statement: m[0],
    specifier: m[2] ?? "",
  }));
}

const isTypeOnly = (statement: string) => /^(import|export)\s+type\b/.test(statement);

/**
 * A server module the bundle may hold: one of the pure domain's (no I/O, no platform) that itself
 * imports nothing at run time, so taking it takes nothing else.
 */
function selfContainedDomainModule(target: string): boolean {
  const file = `${target}.ts`;
  if (!relative(resolve(WEB, "../src/domain"), file).match(/^[^.][^/]*\.ts$/)) return false;
  return statements(readFileSync(file, "utf8")).every(({ statement }) => isTypeOnly(statement));
}

describe("the dashboard and the server's source", () => {
  it("reads server modules for their types only, so no server code reaches the bundle", () => {
    const outside: string[] = [];
    let typeOnly = 0;
    for (const file of files(SOURCE)) {
      for (const { statement, specifier } of statements(readFileSync(file, "utf8"))) {
        if (!specifier.startsWith(".")) continue;
        const target = resolve(dirname(file), specifier);
        if (!relative(WEB, target).startsWith("..")) continue;
        if (isTypeOnly(statement)) typeOnly++;
        else if (!selfContainedDomainModule(target))
          outside.push(`${relative(WEB, file)}: ${statement.split("\n")[0]}`);
      }
    }
    expect(outside).toEqual([]);
    // The shared shapes do come from the server (the check above is not vacuous).
    expect(typeOnly).toBeGreaterThan(0);
  });
});
