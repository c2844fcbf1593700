import { describe, expect, it } from "vitest";
import { normalizePattern, parseRoleRules, roleFor } from "../../src/auth/role-patterns";
import { roleAtLeast } from "../../src/auth/roles";
import { ROUTE_ROLES, routeRoleFor } from "../../src/http/route-roles";

describe("roles", () => {
  it("orders viewer < operator < admin; no role reaches nothing", () => {
    expect(roleAtLeast("admin", "operator")).toBe(true);
    expect(roleAtLeast("operator", "operator")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
    expect(roleAtLeast(null, "viewer")).toBe(false);
  });
});

describe("role patterns", () => {
  const rules = (text: string) => {
    const parsed = parseRoleRules(text);
    if (!parsed.ok) throw new Error(parsed.problems.join());
    return parsed.rules;
  };

  it("the most specific match wins: an address beats its domain", () => {
    const r = rules("ana@brand.example=admin,*@brand.example=operator,vic@brand.example=viewer");
    expect(roleFor(r, "ANA@brand.example")).toBe("admin");
    expect(roleFor(r, "bo@brand.example")).toBe("operator");
    expect(roleFor(r, "vic@brand.example")).toBe("viewer");
    expect(roleFor(r, "eve@sub.brand.example")).toBeNull();
    expect(roleFor(r, "eve@evil-brand.example")).toBeNull();
    expect(roleFor(r, "not-an-email")).toBeNull();
  });

  it("the same pattern twice gives the lower role", () => {
    expect(
      roleFor([...rules("a@b.example=admin"), ...rules("a@b.example=viewer")], "a@b.example"),
    ).toBe("viewer");
  });

  it("accepts only emails and *@domain", () => {
    expect(normalizePattern(" *@Brand.Example ")).toBe("*@brand.example");
    for (const bad of ["*", "*@*", "brand.example", "@brand.example", "a*@b.example", "a@b", ""])
      expect(normalizePattern(bad), bad).toBeNull();
  });
});

describe("the route → role table", () => {
  it("finds templates, with a percent-encoded colon too; unknown routes have no role", () => {
    expect(routeRoleFor("GET", "/api/campaigns")).toMatchObject({ role: "viewer" });
    expect(routeRoleFor("HEAD", "/api/campaigns")).toMatchObject({ role: "viewer" });
    expect(routeRoleFor("POST", "/api/campaigns")).toMatchObject({ role: "operator" });
    expect(routeRoleFor("POST", "/api/campaigns/c1/creators%3Aimport")).toMatchObject({
      path: "/api/campaigns/{id}/creators:import",
    });
    expect(routeRoleFor("POST", "/api/mailboxes/a@b.example/resume")).toMatchObject({
      role: "admin",
    });
    expect(routeRoleFor("POST", "/api/negotiations/x/constructor")).toBeNull();
    expect(routeRoleFor("GET", "/api/campaigns/")).toBeNull();
    expect(routeRoleFor("GET", "/api/campaigns/a/b/c")).toBeNull();
    expect(routeRoleFor("PATCH", "/api/campaigns")).toBeNull();
  });

  it("lists each route once", () => {
    const keys = ROUTE_ROLES.map(([m, p]) => `${m} ${p}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
