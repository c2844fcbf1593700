import { exportPKCS8, exportSPKI, generateKeyPair } from "jose";
import type { TestProject } from "vitest/node";
import { FakeSources } from "./sources-server";

declare module "vitest" {
  export interface ProvidedContext {
    sourcesBaseUrl: string;
    serviceAccountKey: string;
  }
}

const SERVICE_ACCOUNT = "parley-sheets@parley-test.iam.gserviceaccount.com";

/**
 * Starts the fake ClickUp API, Google token endpoint and Sheets API on 127.0.0.1 for the sources
 * workerd project, with a service account key the Worker signs its JWT grant with, as it would
 * with the JSON key downloaded from Google Cloud.
 */
export default async function setup(project: TestProject) {
  const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
  const fake = new FakeSources(SERVICE_ACCOUNT, await exportSPKI(publicKey));
  project.provide("sourcesBaseUrl", await fake.start());
  project.provide(
    "serviceAccountKey",
    JSON.stringify({
      type: "service_account",
      project_id: "parley-test",
      private_key_id: "test-key-1",
      private_key: await exportPKCS8(privateKey),
      client_email: SERVICE_ACCOUNT,
      client_id: "100000000000000000001",
      token_uri: "https://oauth2.googleapis.com/token",
    }),
  );
  return () => fake.stop();
}
