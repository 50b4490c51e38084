import type { Logger } from "../core/logger.js";
import type { ServiceContext } from "../services/context.js";
import type { Principal } from "../core/access.js";

/** What the Hono app keeps per request. */
export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    services: ServiceContext;
    /** Who is calling (set by authenticate on every /api request). */
    principal: Principal;
    /** The session cookie's secret, when signed in by cookie (sign-out, the CSRF token). */
    sessionSecret?: string;
  };
}
