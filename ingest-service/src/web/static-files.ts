import { readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

/** Where `npm run build` (vite) writes the dashboard: ingest-service/web/dist. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Vite names assets `name-<hash>.ext`, flat in `assets/`: nothing else is served from there. */
const ASSET_NAME = /^[A-Za-z0-9_.-]{1,200}$/;

/**
 * Same-origin policy for the page: scripts and styles only from here (uPlot sets inline style
 * attributes, hence 'unsafe-inline' for styles only), API calls only to this origin.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/**
 * Serves the built dashboard: `/` is the single page (no-cache, so a new build is picked up at
 * once), `/assets/*` are content-hashed files cached for a year. One flat folder of hashed files
 * needs no more than this, so @fastify/static (ranges, directory listings, globbing) is not used.
 */
export function staticFiles(app: FastifyInstance, distDir: string = DEFAULT_WEB_DIST): void {
  const index = async () => readFile(join(distDir, "index.html"), "utf8").catch(() => undefined);

  const sendIndex = async (_request: unknown, reply: import("fastify").FastifyReply) => {
    const html = await index();
    reply.header("content-security-policy", CSP).header("x-content-type-options", "nosniff");
    if (html === undefined) {
      return reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The dashboard is not built: run `npm run build` at the repository root.");
    }
    return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(html);
  };
  app.get("/", { schema: { hide: true } }, sendIndex);
  app.get("/index.html", { schema: { hide: true } }, sendIndex);

  app.get<{ Params: { name: string } }>(
    "/assets/:name",
    { schema: { hide: true } },
    async (request, reply) => {
      const { name } = request.params;
      const type = CONTENT_TYPES[extname(name)];
      if (!ASSET_NAME.test(name) || name.startsWith(".") || type === undefined) return reply.callNotFound();
      const path = join(distDir, "assets", name);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined || !info.isFile()) return reply.callNotFound();
      return reply
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("x-content-type-options", "nosniff")
        .type(type)
        .send(await readFile(path));
    },
  );
}
