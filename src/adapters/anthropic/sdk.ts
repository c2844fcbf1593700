import { BaseAnthropic } from "@anthropic-ai/sdk/client";
import { Messages } from "@anthropic-ai/sdk/resources/messages/messages";
import { Models } from "@anthropic-ai/sdk/resources/models";

export { APIConnectionError, APIError } from "@anthropic-ai/sdk/core/error";

/**
 * The SDK's client with the two resources Parley calls. The default `Anthropic` class constructs
 * every resource (beta, files, skills, organization…), which puts about 250 KiB of minified code
 * into the Worker bundle; `BaseAnthropic` is the same client (auth, base URL, timeout, fetch,
 * errors) without them. Only `client.ts` imports this module, and dynamically: a Worker without
 * ANTHROPIC_API_KEY never evaluates the SDK, and one with it does so on its first model call,
 * not at start-up.
 */
export class MessagesClient extends BaseAnthropic {
  readonly messages = new Messages(this);
  readonly models = new Models(this);
}
