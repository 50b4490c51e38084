// Bundles the Node entry into src/.build/node.mjs so that `npm start` runs plain JavaScript:
// no TypeScript loader at run time, one file to parse. Dependencies stay in node_modules
// (native better-sqlite3, Prisma's wasm). Runs after `npm install` and before `npm start`.
// The bundle sits one folder below src/, like every source file's folder, so the relative
// paths the code resolves from import.meta.url (package.json, prisma/) stay correct.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
await build({
  absWorkingDir: root,
  entryPoints: ["src/runtime/node.ts"],
  outfile: "src/.build/node.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
});
