import type { Context } from "hono";

/** Methods a browser may send cross-site without changing anything. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** A header no cross-site form or simple request can carry. */
export const REQUEST_HEADER = "x-parley-request";

/**
 * Why a cookie-authenticated request is not provably from our own pages, or null when it is. A
 * browser attaches the `CF_Authorization` cookie to cross-site requests too, so a change needs
 * both the custom header and a same-origin `Sec-Fetch-Site` / `Origin`.
 */
export function crossSiteReason(c: Context): string | null {
  if (SAFE_METHODS.has(c.req.method)) return null;
  if (c.req.header(REQUEST_HEADER) !== "1") return "missing_request_header";
  const site = c.req.header("sec-fetch-site");
  const origin = c.req.header("origin");
  if (site !== undefined && site !== "same-origin") return "cross_site";
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return "cross_origin";
  if (site === undefined && origin === undefined) return "no_origin";
  return null;
}
