import type { TestProject } from "vitest/node";
import { FakeAnthropic } from "./anthropic-server";

declare module "vitest" {
  export interface ProvidedContext {
    anthropicPort: number;
  }
}

/** Starts the fake Anthropic API on 127.0.0.1 for the Claude workerd project. */
export default async function setup(project: TestProject) {
  const fake = new FakeAnthropic();
  const port = await fake.start();
  project.provide("anthropicPort", port);
  return () => fake.stop();
}
