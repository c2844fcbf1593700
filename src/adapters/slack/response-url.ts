/** Same origin as the allowed one and under its path: a plain prefix test would let "hooks.slack.com.evil.test" through. */
export function isAllowedResponseUrl(candidate: string, allowed: string): boolean {
  let url: URL;
  let origin: URL;
  try {
    url = new URL(candidate);
    origin = new URL(allowed);
  } catch {
    return false;
  }
  const prefix = origin.pathname.replace(/\/+$/, "");
  return (
    url.origin === origin.origin &&
    !url.username &&
    !url.password &&
    (prefix === "" || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))
  );
}
