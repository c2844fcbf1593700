import type { Identity } from "../auth/identity";
import type { Config, Env } from "../env";

export type AppEnv = {
  Bindings: Env;
  Variables: { requestId: string; config: Config; actor: string; identity: Identity };
};
