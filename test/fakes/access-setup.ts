import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    accessTeamDomain: string;
    accessPrivateJwk: string;
  }
}

/**
 * A Cloudflare Access team domain on 127.0.0.1: it publishes one RS256 signing key at
 * /cdn-cgi/access/certs (the shape Access serves, `keys` plus `public_cert`), and the tests sign
 * application tokens with the private half, as Access would.
 */
export default async function setup(project: TestProject) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const kid = "access-test-key-1";
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const server = createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ keys: [publicJwk], public_cert: { kid, cert: "" }, public_certs: [] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  project.provide("accessTeamDomain", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  project.provide(
    "accessPrivateJwk",
    JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: "RS256" }),
  );
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
