import type { TestProject } from "vitest/node";
import { FakeSentry } from "./sentry-server";

declare module "vitest" {
  export interface ProvidedContext {
    sentryPort: number;
  }
}

/** Starts the fake Sentry ingestion endpoint on 127.0.0.1 for the Sentry workerd project. */
export default async function setup(project: TestProject) {
  const fake = new FakeSentry();
  project.provide("sentryPort", await fake.start());
  return () => fake.stop();
}
