import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { FakeGmail } from "./gmail-server";

declare module "vitest" {
  export interface ProvidedContext {
    googleBaseUrl: string;
    oidcPrivateJwk: string;
  }
}

/**
 * Starts the fake Google token endpoint, Gmail API and OIDC signing keys on 127.0.0.1 for the
 * Gmail workerd projects; the tests sign push tokens with the private key, as Google would.
 */
export default async function setup(project: TestProject) {
  const fake = new FakeGmail();
  // A second Google Workspace user with its own refresh token (GMAIL_ACCOUNTS in "gmail-accounts").
  fake.addAccount("partners@parley.example", "refresh-2");
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  fake.jwks = [{ ...(await exportJWK(publicKey)), kid: "test-key-1", alg: "RS256", use: "sig" }];
  project.provide("googleBaseUrl", await fake.start());
  project.provide(
    "oidcPrivateJwk",
    JSON.stringify({ ...(await exportJWK(privateKey)), kid: "test-key-1", alg: "RS256" }),
  );
  return () => fake.stop();
}
