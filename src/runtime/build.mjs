// Bundles the Node entry into src/.build/node.mjs (plus lazily loaded chunks) so that `npm start` runs plain JavaScript:
// no TypeScript loader at run time, one file to parse. Dependencies stay in node_modules
// (native better-sqlite3, Prisma's wasm). Runs after `npm install` and before `npm start`;
// it builds the web console too (src/runtime/console-build.mjs).
// The bundle sits one folder below src/, like every source file's folder, so the relative
// paths the code resolves from import.meta.url (package.json, prisma/) stay correct.
import { build } from "esbuild";
import { buildConsole } from "./console-build.mjs";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
// Chunk names carry hashes: start from an empty folder so old chunks do not pile up.
rmSync(`${root}src/.build`, { recursive: true, force: true });
/**
 * Prisma's query compiler (WebAssembly) ships as a module holding it as a 2.2 MB base64 string,
 * which stays in memory twice (the module's source and the string) for the life of the process.
 * Here it is written out as a .wasm file next to the bundle, and the module is replaced by one
 * whose `wasm` Prisma's `Buffer.from(wasm, "base64")` turns into the text through `valueOf()`
 * (documented Buffer.from behaviour), read from disk once when the client starts: ~5 MB less idle
 * RSS (README, "Performance").
 */
const queryCompilerFromFile = {
  name: "query-compiler-from-file",
  setup(b) {
    b.onResolve({ filter: /^@prisma\/client\/runtime\/query_compiler_.*\.wasm-base64\.mjs$/ }, (args) => ({
      path: args.path,
      namespace: "query-compiler",
    }));
    b.onLoad({ filter: /.*/, namespace: "query-compiler" }, async (args) => {
      const source = createRequire(`${root}package.json`).resolve(args.path);
      const { wasm } = await import(pathToFileURL(source).href);
      const file = basename(source).replace(/\.wasm-base64\.mjs$/, ".wasm");
      mkdirSync(`${root}src/.build`, { recursive: true });
      writeFileSync(`${root}src/.build/${file}`, Buffer.from(wasm, "base64"));
      return {
        loader: "js",
        resolveDir: root,
        contents: `import { readFileSync } from "node:fs";
export const wasm = { valueOf: () => readFileSync(new URL("./${file}", import.meta.url)).toString("base64") };`,
      };
    });
  },
};

await build({
  absWorkingDir: root,
  // The migrator's child process is an entry of its own: a new database is migrated outside the
  // server, so that the schema engine's memory goes when that process ends (src/db/prepare.ts).
  entryPoints: ["src/runtime/node.ts", "src/db/migrate-worker.ts"],
  plugins: [queryCompilerFromFile],
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
