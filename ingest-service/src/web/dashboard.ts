import type { FastifyInstance } from "fastify";
import type { IngestContext } from "../context.js";
import { eventsRoutes } from "./events-routes.js";
import { staticFiles } from "./static-files.js";

export { DEFAULT_WEB_DIST } from "./static-files.js";

/**
 * The web dashboard on the API's origin: the built single page (`/`, `/assets/*`) and its live
 * event stream (`/api/v1/events`). Data comes from the `/api/v1` routes with the user's token.
 */
export function dashboard(app: FastifyInstance, ctx: IngestContext, opts: { distDir?: string } = {}): void {
  staticFiles(app, opts.distDir);
  eventsRoutes(app, ctx);
}
