/**
 * A variable holding JSON (a secret or a `wrangler.toml` var): parsed when it is text, left as
 * it is when wrangler already parsed it or when it is not JSON (the schema then says what is
 * wrong), and undefined when blank.
 */
export function jsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.trim() === "") return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
