import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../../src/auth/roles";
import { ROUTE_ROLES } from "../../src/http/route-roles";
import { api, asPerson, eventually } from "./helpers";

type Headers = Record<string, string>;
type Operation = {
  "x-parley-role"?: string;
  security?: unknown[];
  responses: Record<string, unknown>;
};

const sample = (path: string) => path.replace(/\{\w+\}/g, "sample");

let made: Promise<Record<Role | "none", Headers>> | undefined;
/** An identity of each role, and a person Access knows who has none (made once per file). */
const identities = () => {
  made ??= makeIdentities();
  return made;
};

async function makeIdentities(): Promise<Record<Role | "none", Headers>> {
  const tokenOf = async (name: string, role: Role) => {
    const { json } = await api("POST", "/api/tokens", { name, role });
    return { authorization: `Bearer ${json.token}` };
  };
  return {
    none: await asPerson("nobody@elsewhere.example"),
    viewer: await tokenOf("walk-viewer", "viewer"),
    operator: await tokenOf("walk-operator", "operator"),
    admin: await tokenOf("walk-admin", "admin"),
  };
}

const below = (role: Role): Role | "none" => {
  const i = ROLES.indexOf(role);
  return i === 0 ? "none" : (ROLES[i - 1] as Role);
};

describe("the route → role table", () => {
  it("covers exactly the /api operations of the OpenAPI document, and says each one's role", async () => {
    const { json } = await api("GET", "/api/openapi.json");
    const documented = Object.entries(
      json.paths as Record<string, Record<string, Operation>>,
    ).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        path,
        op,
      })),
    );
    const apiOps = documented.filter((d) => d.path.startsWith("/api/"));
    const table = ROUTE_ROLES.map(([method, path, role]) => ({ key: `${method} ${path}`, role }));
    expect(apiOps.map((d) => d.key).sort()).toEqual(table.map((t) => t.key).sort());
    for (const { key, op } of apiOps) {
      const role = table.find((t) => t.key === key)?.role;
      expect(op["x-parley-role"], key).toBe(role);
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(["401", "403", "429"]));
    }
    // Everything outside /api is public (it authenticates itself, or is health).
    for (const { key, path, op } of documented.filter((d) => !d.path.startsWith("/api/")))
      expect(op.security, `${key} (${path}) is public`).toEqual([]);
  });

  it("refuses every route to an identity one role too low, with 403 and the envelope", async () => {
    const who = await identities();
    for (const [method, path, role] of ROUTE_ROLES) {
      const res = await api(method, sample(path), undefined, who[below(role)]);
      expect(res.status, `${method} ${path} as ${below(role)}`).toBe(403);
      expect(res.json?.error, `${method} ${path}`).toMatchObject({
        code: "forbidden",
        message: expect.any(String),
        requestId: expect.any(String),
      });
    }
  });

  it("lets the route's own role through the check (whatever the handler then says)", async () => {
    const as = await identities();
    for (const [method, path, role] of ROUTE_ROLES) {
      const res = await api(method, sample(path), undefined, as[role]);
      expect(
        [401, 403],
        `${method} ${path} as ${role}: ${res.status} ${res.text.slice(0, 120)}`,
      ).not.toContain(res.status);
      expect(res.status, `${method} ${path} as ${role}`).toBeLessThan(500);
    }
  });

  it("refuses routes the table does not list, whoever asks (fail closed)", async () => {
    for (const [method, path] of [
      ["GET", "/api/nope"],
      ["PUT", "/api/campaigns"],
      ["POST", "/api/negotiations/sample/constructor"],
      ["GET", "/api/campaigns/"],
      ["OPTIONS", "/api/campaigns"],
    ] as const) {
      const res = await api(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
    // Without credentials an unknown route is 401, so routes cannot be probed anonymously.
    expect((await api("GET", "/api/nope", undefined, { authorization: "" })).status).toBe(401);
  });

  it("audits permission denials as security events", async () => {
    const viewer = await asPerson("vic@brand.example");
    expect((await api("DELETE", "/api/tokens/sample", undefined, viewer)).status).toBe(403);
    await eventually(async () => {
      const { json } = await api("GET", "/api/audit?type=security_event&limit=1000");
      return (json.events as { actor: string; data: Record<string, unknown> }[]).some(
        (e) =>
          e.actor === "user:vic@brand.example" &&
          e.data.kind === "permission_denied" &&
          e.data.template === "/api/tokens/{id}",
      );
    });
  });
});
