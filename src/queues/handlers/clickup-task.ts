import { syncClickUpTask } from "../../sources/campaign-sync";
import type { Handler } from "../handler";

/** A verified ClickUp delivery: the task is read and its campaign upserted (idempotent). */
export const handleClickUpTask: Handler<"clickup_task"> = (m, ctx) => syncClickUpTask(ctx.env, m);
