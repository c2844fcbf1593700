import type { SenderVerdict } from "../domain/thread-people";

/**
 * Whether a message's From domain authenticated, read from the results our own receiving side
 * wrote into it (RFC 8601 Authentication-Results, RFC 8617 ARC-Authentication-Results). Pure.
 *
 * Anyone can write these headers into a message before sending it; a receiving server adds its
 * own on top. So only the topmost header of each kind counts, and only when its authserv-id is
 * one we trust (Cloudflare Email Routing's, Gmail's): a passing result further down is the
 * sender's claim, not our receiver's finding.
 */

export interface AuthResult {
  /** Lower-cased method without its version: "dmarc", "spf", "dkim", "arc"… */
  method: string;
  /** Lower-cased result: "pass", "fail", "softfail", "none"… */
  result: string;
  /** Properties by lower-cased name ("header.from", "smtp.mailfrom", "header.d"), values as written. */
  props: Record<string, string>;
}

export interface AuthResultsHeader {
  /** Lower-cased authserv-id: who wrote the results. */
  authservId: string;
  /** ARC instance (`i=`); null on a plain Authentication-Results header. */
  instance: number | null;
  results: AuthResult[];
}

export interface SenderAuthentication {
  verdict: SenderVerdict;
  /** The trusted header(s) the verdict was read from, whitespace collapsed and clipped. */
  evidence: string | null;
}

const EVIDENCE_CHARS = 600;

/**
 * Splits a header value into `;`-separated clauses of words: comments (nested, with
 * quoted-pairs) dropped, quoted strings unquoted and kept whole, folding whitespace ignored,
 * `key = value` written with spaces joined into one `key=value` word.
 */
function clauses(value: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = "";
  let quotedWord = false;
  const flush = () => {
    if (word !== "" || quotedWord) words.push(word);
    word = "";
    quotedWord = false;
  };
  const endClause = () => {
    flush();
    out.push(joinEquals(words));
    words = [];
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === "(") {
      flush();
      let depth = 1;
      for (i++; i < value.length && depth > 0; i++) {
        const d = value[i];
        if (d === "\\") i++;
        else if (d === "(") depth++;
        else if (d === ")") depth--;
      }
      i--;
    } else if (c === '"') {
      for (i++; i < value.length && value[i] !== '"'; i++) {
        if (value[i] === "\\") i++;
        word += value[i] ?? "";
      }
      quotedWord = true;
    } else if (c === ";") endClause();
    else if (/\s/.test(c)) flush();
    else word += c;
  }
  endClause();
  return out.filter((clause) => clause.length > 0);
}

/** `a = b`, `a= b`, `a =b` → `a=b`. Only a word whose first `=` is its last joins the next. */
function joinEquals(words: string[]): string[] {
  const joined: string[] = [];
  for (const w of words) {
    const prev = joined.at(-1);
    const prevOpen = prev !== undefined && prev.indexOf("=") === prev.length - 1;
    const prevBare = prev !== undefined && !prev.includes("=");
    if (prev !== undefined && (prevOpen || (prevBare && w.startsWith("="))))
      joined[joined.length - 1] = prev + w;
    else joined.push(w);
  }
  return joined.filter((w) => w !== "=");
}

const split = (word: string): [string, string] | null => {
  const at = word.indexOf("=");
  return at > 0 ? [word.slice(0, at).toLowerCase(), word.slice(at + 1)] : null;
};

/** One header value, or null when it names no authserv-id. */
export function parseAuthResults(value: string, kind: "plain" | "arc"): AuthResultsHeader | null {
  const parts = clauses(value);
  let instance: number | null = null;
  if (kind === "arc") {
    const tag = split(parts.shift()?.[0] ?? "");
    if (tag?.[0] !== "i" || !/^\d{1,2}$/.test(tag[1])) return null;
    instance = Number(tag[1]);
  }
  const authservId = parts.shift()?.[0]?.toLowerCase();
  if (!authservId || authservId.includes("=")) return null;
  const results: AuthResult[] = [];
  for (const clause of parts) {
    const spec = split(clause[0] ?? "");
    if (!spec) continue; // "none": no results
    const props: Record<string, string> = {};
    for (const word of clause.slice(1)) {
      const prop = split(word);
      if (prop) props[prop[0]] = prop[1];
    }
    results.push({
      method: spec[0].replace(/\/.*$/, ""),
      result: spec[1].toLowerCase(),
      props,
    });
  }
  return { authservId, instance, results };
}

/** The domain in a property value: `user@domain`, `@domain`, `<user@domain>` or `domain`. */
export function domainIn(value: string | undefined): string | null {
  const bare = (value ?? "").trim().replace(/^<|>$/g, "");
  const domain = bare
    .slice(bare.lastIndexOf("@") + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

/**
 * Relaxed alignment: the same domain, or one a subdomain of the other (never a bare top-level
 * domain: `com` aligns with nothing).
 */
export function aligned(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.includes(".") && long.endsWith(`.${short}`);
}

function passesFor(fromDomain: string, results: AuthResult[]): boolean {
  return results.some((r) => {
    if (r.result !== "pass") return false;
    if (r.method === "spf") return aligned(domainIn(r.props["smtp.mailfrom"]), fromDomain);
    if (r.method === "dkim")
      return aligned(domainIn(r.props["header.d"] ?? r.props["header.i"]), fromDomain);
    return false;
  });
}

const collapse = (name: string, value: string) => `${name}: ${value.replace(/\s+/g, " ").trim()}`;

/**
 * The verdict for the From domain. `pass`: DMARC passed for it, or SPF (smtp.mailfrom) or DKIM
 * (header.d / header.i) passed aligned with it. `fail`: trusted results exist and none of those
 * passed; a DMARC fail for the From domain is the domain owner's own policy and outranks an SPF
 * or DKIM pass that only relaxed alignment would accept. `none`: no trusted results at all (local
 * development, a receiver we do not know).
 */
export function senderAuthentication(input: {
  fromDomain: string | null;
  /** Header values, topmost first, as the message carries them. */
  authenticationResults: readonly string[];
  arcAuthenticationResults: readonly string[];
  trustedAuthservIds: readonly string[];
}): SenderAuthentication {
  const trusted = (h: AuthResultsHeader | null): h is AuthResultsHeader =>
    h !== null && input.trustedAuthservIds.includes(h.authservId);
  const evidence: string[] = [];
  const headers: AuthResultsHeader[] = [];
  const plainTop = input.authenticationResults[0];
  const plain = plainTop === undefined ? null : parseAuthResults(plainTop, "plain");
  if (plainTop !== undefined && trusted(plain)) {
    headers.push(plain);
    evidence.push(collapse("Authentication-Results", plainTop));
  }
  const arcTop = input.arcAuthenticationResults[0];
  const arcs = input.arcAuthenticationResults.map((v) => parseAuthResults(v, "arc"));
  const newest = Math.max(0, ...arcs.map((a) => a?.instance ?? 0));
  const arc = arcs[0] ?? null;
  // The newest ARC set carries the highest instance: a topmost header with a lower one was not
  // added last, so it is not our receiver's.
  if (arcTop !== undefined && trusted(arc) && arc.instance === newest) {
    headers.push(arc);
    evidence.push(collapse("ARC-Authentication-Results", arcTop));
  }
  if (headers.length === 0) return { verdict: "none", evidence: null };
  const clipped = evidence.join("\n").slice(0, EVIDENCE_CHARS);
  const fromDomain = input.fromDomain?.toLowerCase() ?? null;
  if (!fromDomain) return { verdict: "fail", evidence: clipped };
  const results = headers.flatMap((h) => h.results);
  const dmarc = results.filter(
    (r) =>
      r.method === "dmarc" &&
      (r.props["header.from"] === undefined || domainIn(r.props["header.from"]) === fromDomain),
  );
  if (dmarc.some((r) => r.result === "fail")) return { verdict: "fail", evidence: clipped };
  const pass = dmarc.some((r) => r.result === "pass") || passesFor(fromDomain, results);
  return { verdict: pass ? "pass" : "fail", evidence: clipped };
}
