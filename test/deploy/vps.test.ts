import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, posix, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missingTools } from "../support/tools.js";
import { all, copies, envOf, execForm, npmUses, parseDockerfile, type Stage } from "./dockerfile.js";

/**
 * deploy/vps/: the Dockerfile, checked as far as a machine without a Docker engine allows: what it
 * copies and runs exists in the repository; the build stage's steps (after the dependencies are
 * installed) run on exactly the files it copies in; and the runtime stage's own command, with its
 * own environment, serves /healthz from that fresh build, passes its HEALTHCHECK and stops on
 * SIGTERM within a second. The image itself is never built here.
 */

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const stages = parseDockerfile(readFileSync(join(root, "deploy/vps/Dockerfile"), "utf8"));
const build = stages.find((s) => s.name === "build")!;
const runtime = stages.at(-1)!;
const ignored = readFileSync(join(root, ".dockerignore"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));

/** Whether .dockerignore keeps this path (relative to the repository) out of the build context. */
function isIgnored(path: string) {
  return ignored.some((pattern) => {
    const p = pattern.replace(/^\*\*\//, "");
    if (p.includes("*")) {
      const re = new RegExp("^" + p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*") + "$");
      return re.test(basename(path)) || re.test(path);
    }
    return pattern.startsWith("**/") ? path.split("/").includes(p) : path === p || path.startsWith(p + "/");
  });
}

const workdir = (stage: Stage) => all(stage, "WORKDIR").at(-1)!;

describe("deploy/vps/Dockerfile against the repository", () => {
  it("builds on Node 20 (Debian bookworm, slim) with a compiler for better-sqlite3, in two stages", () => {
    expect(stages.map((s) => s.from)).toEqual(["node:20-bookworm-slim", "node:20-bookworm-slim"]);
    expect(all(build, "RUN").join(" ")).toMatch(/apt-get install .*python3.*make.*g\+\+/);
  });

  it("copies into the build only files that exist and that .dockerignore lets through", () => {
    const sources = copies(build).filter((c) => !c.from).flatMap((c) => c.sources);
    for (const source of sources) {
      expect(existsSync(join(root, source)), source).toBe(true);
      expect(isIgnored(source), `${source} is in .dockerignore`).toBe(false);
    }
    // What `npm ci`'s postinstall runs needs these.
    const needed = ["package.json", "package-lock.json", "prisma/schema.prisma", "src/db/cli/generate.mjs", "src/runtime/build.mjs", "tsconfig.json"];
    for (const file of needed) expect(sources.some((s) => file === s || file.startsWith(s + "/")), file).toBe(true);
    // Local builds, data and secrets never go into the image.
    for (const local of ["node_modules", "src/.build", "src/db/generated", "data/wardbot.db", ".env", "backups"]) expect(isIgnored(local), local).toBe(true);
  });

  it("runs only npm scripts and commands that exist", () => {
    const { scripts, commands } = npmUses(build);
    expect(commands).toContain("ci");
    for (const script of scripts) expect(pkg.scripts, script).toHaveProperty(script);
  });

  it("runs as a non-root user, keeps the database and backups on a volume, and exposes its port", () => {
    const user = all(runtime, "USER").at(-1);
    expect(user).toBeDefined();
    expect(["root", "0"]).not.toContain(user!.split(":")[0]);
    const env = envOf(runtime);
    const volumes = all(runtime, "VOLUME").flatMap((v) => execForm(v) ?? v.split(/\s+/));
    const dbFile = env.DATABASE_URL!.replace(/^file:/, "");
    expect(volumes.some((v) => dbFile.startsWith(v + "/")), `${dbFile} on a volume`).toBe(true);
    expect(volumes.some((v) => env.BACKUP_DIR!.startsWith(v + "/")), "BACKUP_DIR on the volume").toBe(true);
    expect(all(runtime, "EXPOSE")).toEqual([env.PORT]);
    expect(env.HOST).toBe("0.0.0.0");
  });

  it("starts node directly, with the same command as `npm start`, and checks health with node (no curl)", () => {
    const cmd = execForm(all(runtime, "CMD").at(-1)!);
    expect(cmd, "CMD in exec form, so that SIGTERM reaches node").toBeDefined();
    expect(pkg.scripts.start).toBe(`exec ${cmd!.join(" ")}`);
    const health = execForm(all(runtime, "HEALTHCHECK").at(-1)!);
    expect(health?.[0]).toBe("node");
    expect(health!.join(" ")).toContain("/healthz");
  });
});

describe("the image's steps, run here on the files it copies", () => {
  let base: string;
  let appBuilt: string;
  let app: string;
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), "wardbot-image-"));
    // The build stage: its COPY lines, with .dockerignore applied, into its WORKDIR.
    appBuilt = join(base, "build", workdir(build));
    for (const { from, sources, dest } of copies(build)) {
      if (from) continue;
      for (const source of sources) {
        const target = dest.endsWith("/") ? join(appBuilt, dest, basename(source)) : join(appBuilt, dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(root, source), target, { recursive: true, filter: (p) => !isIgnored(relative(root, p).split("\\").join("/")) });
      }
    }
    // `npm ci`: its install part is this checkout's node_modules (nothing is downloaded here); its
    // postinstall (Prisma client, server bundle, console) runs for real on the copied files.
    symlinkSync(join(root, "node_modules"), join(appBuilt, "node_modules"), "dir");
    await run("sh", ["-c", pkg.scripts.postinstall!], { cwd: appBuilt, env: { ...process.env } });
    // The runtime stage: its COPY --from=build lines (node_modules again this checkout's; the
    // image has it pruned of devDependencies, which the bundle does not import: see below).
    app = join(base, "runtime", workdir(runtime));
    for (const { from, sources, dest } of copies(runtime)) {
      expect(from).toBe("build");
      for (const source of sources) {
        const target = join(app, posix.relative(workdir(runtime), posix.resolve(workdir(runtime), dest)));
        mkdirSync(dirname(target), { recursive: true });
        const inBuild = join(appBuilt, posix.relative(workdir(build), source));
        if (basename(source) === "node_modules") symlinkSync(join(root, "node_modules"), target, "dir");
        else cpSync(inBuild, target, { recursive: true });
      }
    }
  }, 180_000);
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it("bundles the server so that it imports only production dependencies (the image prunes the rest)", () => {
    const bundleDir = join(app, "src/.build");
    const imported = new Set<string>();
    for (const file of readdirSync(bundleDir).filter((f) => f.endsWith(".mjs"))) {
      const code = readFileSync(join(bundleDir, file), "utf8");
      const specs = [
        /\b(?:import|export)\s*[\w*\s{},$]*?\s*from\s*["']([^"']+)["']/g, // import { a } from "x"
        /\bimport\s*\(?\s*["']([^"']+)["']/g, // import("x"), import "x"
        /\b(?:require|require\.resolve|\)\.resolve)\s*\(\s*["']([^"']+)["']\s*\)/g, // createRequire(…).resolve("x/package.json")
      ].flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
      for (const spec of specs) {
        if (spec.startsWith("node:") || spec.startsWith(".") || spec.startsWith("/") || /\s/.test(spec)) continue;
        imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    const builtins = new Set(["fs", "path", "url", "os", "crypto", "module", "util", "events", "stream", "http", "https", "net", "zlib", "child_process", "worker_threads", "buffer", "assert", "dns", "tty"]);
    const notProduction = [...imported].filter((p) => !builtins.has(p) && !(p in pkg.dependencies));
    expect(notProduction).toEqual([]);
    // The packages the server really loads are among them (the check reads what it should).
    expect([...imported]).toEqual(expect.arrayContaining(["hono", "better-sqlite3", "dejavu-fonts-ttf", "@prisma/schema-engine-wasm"]));
  });

  it("serves /healthz with the runtime stage's command and environment, passes its HEALTHCHECK, stops on SIGTERM within a second", async () => {
    const env = envOf(runtime);
    const cmd = execForm(all(runtime, "CMD").at(-1)!)!;
    const health = execForm(all(runtime, "HEALTHCHECK").at(-1)!)!;
    // The image's absolute data folder, under this test's own root; loopback and a free port here.
    const volume = all(runtime, "VOLUME").flatMap((v) => execForm(v) ?? [v])[0]!;
    const rebase = (v: string) => v.replace(volume, join(base, volume));
    mkdirSync(join(base, volume), { recursive: true, mode: 0o700 });
    const port = await freePort();
    const childEnv = {
      PATH: process.env.PATH ?? "",
      ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, rebase(v)])),
      HOST: "127.0.0.1",
      PORT: String(port),
    };
    const node = (args: string[]) => [process.execPath, ...args] as const;
    expect(cmd[0]).toBe("node");
    const [bin, ...args] = node(cmd.slice(1));
    const child = spawn(bin, args, { cwd: app, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    try {
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (status !== 200 && Date.now() < deadline && child.exitCode === null) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, out).toBe(200);
      expect(existsSync(rebase(env.DATABASE_URL!.replace(/^file:/, "")))).toBe(true);
      const [hbin, ...hargs] = node(health.slice(1));
      const healthy = await run(hbin, hargs, { env: childEnv }).then(() => 0, (e: { code: number }) => e.code);
      expect(healthy).toBe(0);

      const started = Date.now();
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code, out).toBe(0);
      expect(Date.now() - started).toBeLessThan(1_000);
      // Down: the same health check now fails.
      const down = await run(hbin, hargs, { env: childEnv }).then(() => 0, (e: { code: number }) => e.code);
      expect(down).toBe(1);

      // The guide's backup and restore commands work in the image's layout (sources and tsx there).
      const npmEnv = { ...childEnv, HOME: base, npm_config_cache: join(base, "npm-cache"), npm_config_update_notifier: "false" };
      await run("npm", ["run", "--silent", "db:backup"], { cwd: app, env: npmEnv });
      const backups = readdirSync(rebase(env.BACKUP_DIR!)).filter((f) => f.endsWith(".db"));
      expect(backups).toHaveLength(1);
      const restored = await run("npm", ["run", "--silent", "db:restore", join(rebase(env.BACKUP_DIR!), backups[0]!)], { cwd: app, env: npmEnv });
      expect(restored.stdout).toContain("Restored");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});

async function freePort() {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/**
 * The systemd unit, checked by systemd's own `systemd-analyze verify` (unknown keys, bad values, a
 * command that is not executable). Skipped, saying so, where systemd is not installed: the unit
 * is a template an operator installs, not something the app needs to run.
 */
const analyze = missingTools(["systemd-analyze"]).length === 0;
if (!analyze) process.stderr.write("skipped: systemd-analyze not installed (the unit file check)\n");
describe("deploy/vps/wardbot.service", () => {
  it.skipIf(!analyze)("passes systemd-analyze verify without a warning", async () => {
    const result = await run("systemd-analyze", ["verify", join(root, "deploy/vps/wardbot.service")]).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );
    expect(result).toEqual({ code: 0, out: "" });
  });

  it("runs the same command as `npm start`, as its own user, with the database on its only writable path", () => {
    const unit = readFileSync(join(root, "deploy/vps/wardbot.service"), "utf8");
    const value = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]!.trim());
    expect(pkg.scripts.start).toBe(`exec ${value("ExecStart")[0]!.replace(/^\/usr\/bin\/node/, "node")}`);
    expect(value("User")).toEqual(["wardbot"]);
    expect(value("EnvironmentFile")).toEqual(["/etc/wardbot/env"]);
    const env = Object.fromEntries(value("Environment").map((e) => e.split(/=(.*)/s).slice(0, 2)));
    const writable = value("ReadWritePaths");
    expect(writable.some((p) => env.DATABASE_URL!.replace(/^file:/, "").startsWith(p + "/"))).toBe(true);
    expect(writable.some((p) => env.BACKUP_DIR!.startsWith(p + "/"))).toBe(true);
    expect(value("ProtectSystem")).toEqual(["strict"]);
    expect(value("KillSignal")).toEqual(["SIGTERM"]);
  });
});
