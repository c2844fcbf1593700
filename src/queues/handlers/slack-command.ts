import { runSlackCommand } from "../../slack/run-command";
import type { Handler } from "../handler";

/** A `/parley` command, answered through its response_url. */
export const handleSlackCommand: Handler<"slack_command"> = (m, ctx) => runSlackCommand(ctx.env, m);
