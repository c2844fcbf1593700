/**
 * ClickUp signs each webhook delivery: `X-Signature` is the hex HMAC-SHA256 of the raw body with
 * the webhook's secret. Checked with WebCrypto's verify, which compares in constant time.
 */
export async function verifyClickUpSignature(
  secret: string,
  rawBody: ArrayBuffer | Uint8Array,
  signatureHex: string | undefined,
): Promise<boolean> {
  if (!signatureHex || !/^[0-9a-f]{64}$/i.test(signatureHex.trim())) return false;
  const hex = signatureHex.trim();
  const signature = new Uint8Array(32);
  for (let i = 0; i < 32; i++) signature[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify("HMAC", key, signature, rawBody);
}

/** The signature a delivery of `rawBody` carries (for fakes and tests). */
export async function signClickUpBody(secret: string, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(rawBody));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
