/**
 * The console's built files (src/.build/console) served from disk on Node, the way Workers static
 * assets would: hashed files under /assets/ cached for a year, index.html never cached, gzip when
 * the browser takes it, and index.html for any other path without a file extension.
 */
import { readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type { ConsoleAssets } from "../server/console.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt"]);

interface Cached {
  mtimeMs: number;
  raw: Uint8Array;
  gzip?: Uint8Array;
}

export function nodeConsoleAssets(dir: string): ConsoleAssets {
  const root = normalize(dir + sep);
  const cache = new Map<string, Cached>();

  function load(file: string): Cached | undefined {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit;
    const raw = readFileSync(file);
    const entry = { mtimeMs: stat.mtimeMs, raw, gzip: COMPRESSIBLE.has(extname(file)) && raw.length > 1024 ? gzipSync(raw) : undefined };
    cache.set(file, entry);
    return entry;
  }

  return {
    async fetch(request) {
      let path: string;
      try {
        path = decodeURIComponent(new URL(request.url).pathname);
      } catch {
        return new Response("Bad path", { status: 400 });
      }
      let file = normalize(join(root, path));
      // Nothing outside the console's folder, whatever the path says.
      if (!file.startsWith(root)) return new Response("Not found", { status: 404 });
      let entry = path.endsWith("/") ? undefined : load(file);
      if (!entry) {
        if (extname(path)) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
        file = join(root, "index.html");
        entry = load(file);
        if (!entry) return new Response("The web console is not built: run `npm run build`.", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
      }
      const headers = new Headers({
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
        vary: "accept-encoding",
      });
      const gzip = entry.gzip && /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
      if (gzip) headers.set("content-encoding", "gzip");
      const body = gzip ? entry.gzip! : entry.raw;
      headers.set("content-length", String(body.length));
      return new Response(request.method === "HEAD" ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers });
    },
  };
}
