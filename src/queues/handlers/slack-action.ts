import { runSlackAction } from "../../slack/actions";
import type { Handler } from "../handler";

/** A Slack button or modal submission, run on the negotiation as the person who clicked. */
export const handleSlackAction: Handler<"slack_action"> = (m, ctx) => runSlackAction(ctx.env, m);
