import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/http/error-codes";
import { accessJwt, api, TOKEN } from "./helpers";

/**
 * A seeded fuzz run over every operation of the OpenAPI document: malformed path, query, headers
 * and bodies (bad JSON, huge and deep bodies, prototype keys, Unicode junk, long and encoded
 * values). Every answer must be under 500, and every error the envelope with a known code and
 * that code's status. Change SEED to explore; a failure prints the requests that broke.
 */
const SEED = 0x5eed2026;
const REQUESTS = 3000;
const CONCURRENCY = 8;

const worker = (exports as unknown as { default: { fetch(r: Request): Promise<Response> } })
  .default;

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof prng>;
const pick = <T>(r: Random, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

const PROTOTYPE_KEYS = [
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "prototype",
  "__defineGetter__",
  "isPrototypeOf",
];

/** Strings that have broken parsers somewhere. Lone surrogates are valid JSON, not valid URLs. */
const JUNK = [
  "",
  " ",
  "a",
  "x".repeat(300),
  "y".repeat(5000),
  "\u0000",
  "\uFEFF",
  "\u200B\u200D",
  "😀".repeat(60),
  "\u202Egnp.exe",
  "Ω≈ç√∫˜µ≤≥÷",
  "𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐",
  "\uD800",
  "\uDFFF\uD800",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  '"; DROP TABLE campaigns; --',
  "%",
  "%%",
  "%E0%A4%A",
  "%00",
  "%2F..%2F",
  "..",
  "../../etc/passwd",
  "\\",
  '"',
  "\r\n\r\n",
  "NaN",
  "Infinity",
  "-1",
  "1e309",
  "0x10",
  "null",
  "true",
  "[]",
  "{}",
  "a@b",
  "@",
  "*@brand.example",
  "ana@brand.example",
  "prl_",
  `prl_${"A".repeat(43)}`,
  "2030-02-30",
  "9999-12-31T23:59:59Z",
  ...PROTOTYPE_KEYS,
];

const JUNK_VALUES: unknown[] = [
  ...JUNK,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  false,
  null,
  [],
  [null],
  {},
  { __proto__: { polluted: true } },
  [1, "a", null, {}],
];

/** Percent-encodes what encodeURIComponent refuses (lone surrogates) as raw UTF-8-ish bytes. */
function encode(r: Random, value: string): string {
  const mode = r();
  if (mode < 0.15) return value.replace(/[\s#?/]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  try {
    const once = encodeURIComponent(value);
    return mode < 0.3 ? encodeURIComponent(once) : once;
  } catch {
    return value.replace(/[\uD800-\uDFFF]/g, "%ED%A0%80").replace(/[\s#?/]/g, "_");
  }
}

const ALPHABET = "abcXYZ019 _-%*'\"\\@.é€😀\u0000\u202E";

/** A string of a length around the limits that matter (D1's 50-byte LIKE limit, field maxima). */
function sizedString(r: Random): string {
  const length = pick(r, [1, 47, 49, 51, 64, 100, 200, 319, 320, 321, 2000]);
  return Array.from({ length }, () => pick(r, [...ALPHABET])).join("");
}

const junkString = (r: Random): string => {
  if (r() < 0.25) return sizedString(r);
  const base = pick(r, JUNK);
  return r() < 0.1 ? base.repeat(1 + Math.floor(r() * 50)) : base;
};

function junkValue(r: Random, depth = 0): unknown {
  const roll = r();
  if (depth < 3 && roll < 0.1)
    return Array.from({ length: Math.floor(r() * 4) }, () => junkValue(r, depth + 1));
  if (depth < 3 && roll < 0.2) return junkObject(r, [], depth + 1);
  if (roll < 0.55) return junkString(r);
  return pick(r, JUNK_VALUES);
}

function junkObject(r: Random, fields: string[], depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = [...fields, ...PROTOTYPE_KEYS, junkString(r)];
  for (let i = 0; i < 1 + Math.floor(r() * 6); i++) {
    const key = pick(r, keys);
    // defineProperty keeps "__proto__" an own key, as JSON.parse would make it.
    Object.defineProperty(out, key, {
      value: junkValue(r, depth),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return out;
}

const deep = (n: number, open: string, close: string, middle = "1") =>
  open.repeat(n) + middle + close.repeat(n);

interface Operation {
  method: string;
  path: string;
  query: string[];
  fields: string[];
  hasBody: boolean;
}

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  note: string;
}

function body(r: Random, op: Operation): { body: string; type: string | null; note: string } {
  const json = "application/json";
  const roll = r();
  if (roll < 0.3)
    return { body: JSON.stringify(junkObject(r, op.fields)), type: json, note: "junk fields" };
  if (roll < 0.4)
    return {
      body: pick(r, [
        "{",
        '{"a":',
        "nul",
        "[1,2",
        '{"name":"x",}',
        "\u0000",
        '{"a":1}{"b":2}',
        "\uFEFF{}",
        "'x'",
        '{"\\u',
        "1e99999",
      ]),
      type: json,
      note: "bad json",
    };
  if (roll < 0.47) {
    const n = pick(r, [1_000, 20_000, 100_000]);
    return {
      body: pick(r, [
        deep(n, "[", "]"),
        deep(n, '{"a":', "}"),
        `{"creators":${deep(n, "[", "]")}}`,
      ]),
      type: json,
      note: `deep ${n}`,
    };
  }
  if (roll < 0.52)
    return {
      body: JSON.stringify({ name: "x".repeat(pick(r, [900_000, 1_200_000])), text: "y" }),
      type: json,
      note: "huge",
    };
  if (roll < 0.62)
    return {
      body: `{"__proto__":{"admin":true,"role":"admin"},"constructor":{"prototype":{"polluted":1}},${op.fields
        .slice(0, 3)
        .map((f) => `"${f}":${JSON.stringify(junkValue(r))}`)
        .concat('"x":1')
        .join(",")}}`,
      type: json,
      note: "prototype keys",
    };
  if (roll < 0.7)
    return {
      body: JSON.stringify(pick(r, [[], 0, "text", null, true, [{}], [[]]])),
      type: json,
      note: "wrong type",
    };
  if (roll < 0.8)
    return {
      body: pick(r, [
        'name,email\n"unterminated,x@y.z\n',
        `name,email,platform,averageViews\n${"a,b@c.de,tiktok,1\n".repeat(1200)}`,
        `name,email\n"${"q".repeat(50_000)}",x@y.z\n`,
        "\uFEFFname;email\r\nA;a@b.c",
        ",,,\n,,,\n",
        `${PROTOTYPE_KEYS.join(",")}\n${PROTOTYPE_KEYS.join(",")}\n`,
      ]),
      type: pick(r, ["text/csv", "application/csv", "text/csv; charset=utf-8"]),
      note: "csv",
    };
  return {
    body: pick(r, [
      "a=b&c=d",
      "--x\r\nContent-Disposition: form-data\r\n\r\n--x--",
      JSON.stringify({ name: "ok" }),
      "\u00ff\u00fe",
    ]),
    type: pick(r, [
      null,
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      "application/json; charset=utf-16",
      "*/*",
    ]),
    note: "wrong media type",
  };
}

const LATIN1_JUNK = [
  "",
  "x".repeat(600),
  "\u00ff\u00fe",
  "Bearer",
  "Bearer ",
  "Basic abc",
  "Bearer a b",
  `Bearer ${"z".repeat(600)}`,
];

async function headersFor(r: Random): Promise<{ headers: Record<string, string>; note: string }> {
  const roll = r();
  const base: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (roll < 0.85) return { headers: base, note: "admin" };
  if (roll < 0.89)
    return { headers: { authorization: pick(r, LATIN1_JUNK) }, note: "bad authorization" };
  if (roll < 0.92)
    return {
      headers: {
        "cf-access-jwt-assertion": pick(r, ["x", "a.b.c", "e30.e30.", "\u00ff.\u00ff.\u00ff"]),
      },
      note: "junk access jwt",
    };
  if (roll < 0.95)
    return {
      headers: {
        cookie: `CF_Authorization=${await accessJwt("ops@brand.example")}`,
        origin: "https://evil.example",
      },
      note: "cross-site cookie",
    };
  if (roll < 0.98)
    return {
      headers: { ...base, "x-request-id": pick(r, LATIN1_JUNK), "content-length": "5" },
      note: "junk headers",
    };
  return { headers: {}, note: "anonymous" };
}

function pathFor(r: Random, op: Operation, ids: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const real = ids[name];
    if (real && r() < 0.5) return real;
    if (r() < 0.1) return `${real ?? "x"}/${encode(r, junkString(r))}`;
    return encode(r, junkString(r)) || "%20";
  });
}

function queryFor(r: Random, op: Operation): string {
  const roll = r();
  if (roll < 0.25) return "";
  // One declared parameter alone, so the value gets past validation of the others to the query.
  if (roll < 0.65 && op.query.length > 0)
    return `?${encode(r, pick(r, op.query))}=${encode(r, junkString(r))}`;
  const keys = [...op.query, ...PROTOTYPE_KEYS, "format", "limit", "cursor"];
  const parts: string[] = [];
  for (let i = 0; i < 1 + Math.floor(r() * 5); i++) {
    const key = pick(r, keys);
    const value =
      r() < 0.2
        ? pick(r, ["-5", "0", "1e9", "abc", "1.5", "csv", "json", "open", "x".repeat(10_000)])
        : junkString(r);
    parts.push(`${encode(r, key)}=${encode(r, value)}`);
  }
  return `?${parts.join("&")}`;
}

async function requestFor(
  r: Random,
  op: Operation,
  ids: Record<string, string>,
): Promise<FuzzRequest> {
  const method =
    r() < 0.05 ? pick(r, ["PUT", "PATCH", "DELETE", "GET", "POST", "HEAD"]) : op.method;
  const { headers, note } = await headersFor(r);
  const url = `http://parley.test${pathFor(r, op, ids)}${queryFor(r, op)}`;
  if (method === "GET" || method === "HEAD" || (!op.hasBody && r() < 0.5))
    return { method, url, headers, note: `${note}, no body` };
  const b = body(r, op);
  return {
    method,
    url,
    headers: b.type ? { ...headers, "content-type": b.type } : headers,
    body: b.body,
    note: `${note}, ${b.note}`,
  };
}

interface DocumentedOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: {
    content?: Record<
      string,
      { schema?: { properties?: object; anyOf?: { properties?: object }[] } }
    >;
  };
}

function operationsOf(document: {
  paths: Record<string, Record<string, DocumentedOperation>>;
}): Operation[] {
  return Object.entries(document.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const schema = op.requestBody?.content?.["application/json"]?.schema ?? {};
      const properties = schema.properties ?? schema.anyOf?.[0]?.properties ?? {};
      return {
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
        fields: Object.keys(properties),
        hasBody: Boolean(op.requestBody),
      };
    }),
  );
}

describe("fuzzing the HTTP API", () => {
  it(`answers ${REQUESTS}+ malformed requests across every documented route without a 5xx`, async () => {
    const started = Date.now();
    const document = (await api("GET", "/api/openapi.json")).json;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(30);
    // Real ids too, so some requests get past the lookups into the handlers.
    const campaign = (await api("POST", "/api/campaigns", { name: "Fuzz", sendWindow: null })).json;
    const negotiation = (
      await api("POST", `/api/campaigns/${campaign.id}/negotiations`, {
        creator: { name: "Fuzz", email: "fuzz@gmail.com", platform: "youtube", averageViews: 1000 },
      })
    ).json;
    const token = (await api("POST", "/api/tokens", { name: "fuzz-target", role: "viewer" })).json;
    const ids = {
      id: pick(prng(SEED), [campaign.id, negotiation.id, token.id]),
      address: "deals@parley.example",
      pattern: "vic@brand.example",
    };

    const random = prng(SEED);
    const plans: { op: Operation; request: FuzzRequest }[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const op = operations[i % operations.length] as Operation;
      const request = await requestFor(random, op, {
        ...ids,
        id: pick(random, [campaign.id, negotiation.id, token.id]),
      });
      plans.push({ op, request });
    }

    // Then every declared query parameter and path parameter alone, with values at the edges.
    const EDGES = [
      "x".repeat(49),
      "é".repeat(40),
      `%_\\${"'".repeat(60)}`,
      "z".repeat(320),
      "z".repeat(321),
      "😀".repeat(30),
      ...PROTOTYPE_KEYS.slice(0, 4),
    ];
    for (const op of operations) {
      for (const name of op.query)
        for (const value of EDGES)
          plans.push({
            op,
            request: {
              method: op.method,
              url: `http://parley.test${op.path.replace(/\{\w+\}/g, ids.id)}?${name}=${encodeURIComponent(value)}`,
              headers: { authorization: `Bearer ${TOKEN}` },
              note: `edge query ${name}`,
            },
          });
      if (op.path.includes("{"))
        for (const value of [...EDGES, "%E0%A4%A", "%00", "a%2Fb", ".."])
          plans.push({
            op,
            request: {
              method: op.method,
              url: `http://parley.test${op.path.replace(/\{\w+\}/g, /^[%.]/.test(value) ? value : encodeURIComponent(value))}`,
              headers: { authorization: `Bearer ${TOKEN}` },
              note: "edge path",
            },
          });
    }

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < plans.length; i += CONCURRENCY) {
      await Promise.all(
        plans.slice(i, i + CONCURRENCY).map(async ({ op, request }) => {
          const describe = `${request.method} ${request.url.slice(0, 160)} [${op.method} ${op.path}; ${request.note}]`;
          let response: Response;
          try {
            response = await worker.fetch(
              new Request(request.url, {
                method: request.method,
                headers: request.headers,
                ...(request.body === undefined ? {} : { body: request.body }),
              }),
            );
          } catch (error) {
            failures.push(`${describe}: threw ${String(error).slice(0, 200)}`);
            return;
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const text = await response.text();
          if (response.status >= 500)
            failures.push(`${describe}: ${response.status} ${text.slice(0, 200)}`);
          if (!response.headers.get("x-request-id")) failures.push(`${describe}: no X-Request-Id`);
          if (response.status < 400 || request.method === "HEAD") return;
          let envelope: { error?: { code?: string; message?: unknown; requestId?: unknown } };
          try {
            envelope = JSON.parse(text);
          } catch {
            failures.push(`${describe}: ${response.status} is not JSON: ${text.slice(0, 100)}`);
            return;
          }
          const error = envelope?.error ?? {};
          const code = String(error.code);
          const known = Object.hasOwn(ERROR_CODES, code)
            ? ERROR_CODES[code as keyof typeof ERROR_CODES]
            : null;
          if (!known || typeof error.message !== "string" || typeof error.requestId !== "string")
            failures.push(
              `${describe}: ${response.status} without the envelope: ${text.slice(0, 160)}`,
            );
          else if (known.status !== response.status)
            failures.push(
              `${describe}: code ${code} answered ${response.status}, not ${known.status}`,
            );
          if (/\n\s+at |DrizzleQueryError|SQLITE|stack/i.test(text))
            failures.push(`${describe}: leaks internals`);
        }),
      );
    }
    const summary = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    console.log(
      `fuzz: seed ${SEED.toString(16)}, ${plans.length} requests over ${operations.length} operations in ${Date.now() - started} ms: ${summary}`,
    );
    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
    // The run reached handlers, not only the front door.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(200);
  }, 300_000);
});
