import type { TestProject } from "vitest/node";
import { FakeSlack } from "./slack-server";

declare module "vitest" {
  export interface ProvidedContext {
    slackBaseUrl: string;
  }
}

/** Starts the fake Slack Web API and response_url hooks on 127.0.0.1 for the Slack workerd project. */
export default async function setup(project: TestProject) {
  const fake = new FakeSlack();
  project.provide("slackBaseUrl", await fake.start());
  return () => fake.stop();
}
