import type { Logger } from "../core/logger.js";
import type { ServiceContext } from "../services/context.js";

/** What the Hono app keeps per request. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    services: ServiceContext;
  };
}
