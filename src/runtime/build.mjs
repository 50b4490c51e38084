// Bundles the Node entry into src/.build/node.mjs (plus lazily loaded chunks) so that `npm start` runs plain JavaScript:
// no TypeScript loader at run time, one file to parse. Dependencies stay in node_modules
// (native better-sqlite3, Prisma's wasm). Runs after `npm install` and before `npm start`;
// it builds the web console too (src/runtime/console-build.mjs).
// The bundle sits one folder below src/, like every source file's folder, so the relative
// paths the code resolves from import.meta.url (package.json, prisma/) stay correct.
import { build } from "esbuild";
import { buildConsole } from "./console-build.mjs";
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Chunk names carry hashes: start from an empty folder so old chunks do not pile up.
rmSync(`${root}src/.build`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ["src/runtime/node.ts"],
  // Code loaded only when it is needed (the Telegram channel) goes into chunks of its own, in the
  // same folder so that relative paths from import.meta.url hold there too.
  outdir: "src/.build",
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});

// The web console: its client types from this server's OpenAPI document, then the browser bundle.
await buildConsole(root);
