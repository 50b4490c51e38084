// Builds the web console (src/console) into src/.build/console, served at / by the same server.
// 1. The OpenAPI document, produced in-process by the app itself, becomes the client's types
//    (src/console/api/schema.d.ts), so a screen that uses the API wrongly fails `npm run typecheck`.
// 2. Vite bundles the single-page app; the JavaScript of the first load is measured gzipped and
//    printed, and the build fails above the budget.
import { build as esbuild } from "esbuild";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

/** The budget of issue 10: JavaScript the browser must fetch before the first screen. */
const FIRST_LOAD_BUDGET_KB = 200;

export async function buildConsole(root) {
  const out = join(root, "src/.build");
  const document = await openApiDocument(root, out);
  writeFileSync(join(out, "openapi.json"), JSON.stringify(document, null, 2));
  await writeClientTypes(root, document);
  await bundle(root, join(out, "console"));
  const kb = firstLoadKb(join(out, "console"));
  console.log(`console: first load ${kb.toFixed(1)} KB of JavaScript gzipped (budget ${FIRST_LOAD_BUDGET_KB} KB)`);
  if (kb > FIRST_LOAD_BUDGET_KB) throw new Error(`the console's first load (${kb.toFixed(1)} KB gzipped) is over the ${FIRST_LOAD_BUDGET_KB} KB budget`);
}

async function openApiDocument(root, out) {
  // Bundled beside the server bundle, so paths resolved from import.meta.url hold as they do there.
  const entry = join(out, "openapi-document.mjs");
  await esbuild({
    absWorkingDir: root,
    entryPoints: ["src/runtime/openapi-document.ts"],
    outfile: entry,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  try {
    return await (await import(pathToFileURL(entry).href)).openApiDocument();
  } finally {
    rmSync(entry, { force: true });
  }
}

async function writeClientTypes(root, document) {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const types =
    "// Generated at build from the server's OpenAPI document (src/runtime/console-build.mjs). Do not edit.\n" +
    astToString(await openapiTS(document, { alphabetize: true }));
  const file = join(root, "src/console/api/schema.d.ts");
  // Written only when it changes, so editors and watchers are not disturbed for nothing.
  if (!existsSync(file) || readFileSync(file, "utf8") !== types) writeFileSync(file, types);
}

async function bundle(root, outDir) {
  // The React plugin picks its JSX transform from NODE_ENV: the production one, whatever the caller set.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await viteBuild(root, outDir);
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function viteBuild(root, outDir) {
  const { build } = await import("vite");
  const { default: react } = await import("@vitejs/plugin-react");
  await build({
    configFile: false,
    // Always the production build (React's development build is three times larger), even when
    // the build runs under a test runner that sets NODE_ENV=test.
    mode: "production",
    root: join(root, "src/console"),
    base: "/",
    logLevel: "warn",
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2020",
      // Hashed names: cached for good by browsers; index.html itself is never cached.
      assetsDir: "assets",
      reportCompressedSize: false,
    },
  });
}

/** Gzipped size of the scripts index.html loads at once (entry and preloaded chunks). */
function firstLoadKb(dir) {
  const html = readFileSync(join(dir, "index.html"), "utf8");
  const scripts = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  if (!scripts.length) throw new Error("the console's index.html loads no script: the build is broken");
  return scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(dir, src.replace(/^\//, "")))).length, 0) / 1024;
}
