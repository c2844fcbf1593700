import type { Role } from "./roles";

/**
 * Who is asking, as verified: a person signed in through Cloudflare Access, an API token, or the
 * bootstrap token. `actor` is what every audit row and timeline entry records; nothing a client
 * writes in a body can change it.
 */
export interface Identity {
  /** `user:<email>` or `token:<name>`. */
  actor: string;
  role: Role;
  via: "access" | "token" | "bootstrap";
}

/** The name the bootstrap token (PARLEY_API_TOKEN) acts under; no API token may take it. */
export const BOOTSTRAP_TOKEN_NAME = "bootstrap";

export const userActor = (email: string) => `user:${email.trim().toLowerCase()}`;
export const tokenActor = (name: string) => `token:${name}`;
