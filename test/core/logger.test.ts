import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger, type LogLevel } from "../../src/core/logger.js";

function capture(level: LogLevel) {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line));
  const entries = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, entries };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-22T03:04:05.678Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("createLogger", () => {
  it("writes one JSON line per event with level, time and msg first, then the fields", () => {
    const { log, lines } = capture("debug");
    log.info("report submitted", { groupId: "g1", answers: 7 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const entry = JSON.parse(lines[0]!);
    expect(entry).toEqual({ level: "info", time: "2026-11-22T03:04:05.678Z", msg: "report submitted", groupId: "g1", answers: 7 });
    expect(Object.keys(entry).slice(0, 3)).toEqual(["level", "time", "msg"]);
  });

  it("writes an event without fields", () => {
    const { log, entries } = capture("debug");
    log.warn("slow");
    expect(entries()).toEqual([{ level: "warn", time: "2026-11-22T03:04:05.678Z", msg: "slow" }]);
  });

  it.each([
    ["debug", ["debug", "info", "warn", "error"]],
    ["info", ["info", "warn", "error"]],
    ["warn", ["warn", "error"]],
    ["error", ["error"]],
    ["silent", []],
  ] as const)("at level %s writes %j", (level, expected) => {
    const { log, entries } = capture(level);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(entries().map((e) => e.level)).toEqual(expected);
    expect(entries().map((e) => e.msg)).toEqual(expected.map((l) => l[0]));
  });

  it("defaults to console.log", () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      createLogger("info").info("hello");
      expect(spy).toHaveBeenCalledTimes(1);
      expect(JSON.parse(spy.mock.calls[0]![0] as string)).toMatchObject({ level: "info", msg: "hello" });
    } finally {
      spy.mockRestore();
    }
  });
});

describe("redaction", () => {
  it.each(["token", "adminToken", "secret", "webhookSecret", "password", "authorization", "Authorization", "phone", "phoneNumber", "code", "inviteCode", "invite", "cookie"])(
    "hides a field named %s",
    (name) => {
      const { log, lines, entries } = capture("info");
      log.info("x", { [name]: "0912345678-s3cr3t" });
      expect(entries()[0]![name]).toBe("[redacted]");
      expect(lines[0]).not.toContain("s3cr3t");
    },
  );

  it("keeps ordinary fields, and names that merely contain 'code'; a person's name is hidden", () => {
    const { log, entries } = capture("info");
    log.info("x", { name: "Nguyễn Văn An", wardName: "Phường Ngọc Lâm", errorCode: "not_found", status: 404 });
    expect(entries()[0]).toMatchObject({ name: "[redacted]", wardName: "Phường Ngọc Lâm", errorCode: "not_found", status: 404 });
  });

  it("hides sensitive fields inside nested objects and arrays", () => {
    const { log, lines, entries } = capture("info");
    log.info("member imported", {
      member: { name: "An", phone: "+84912345678", contact: { phone: "+84987654321" } },
      headers: { authorization: "Bearer abc.def", "content-type": "application/json" },
      invites: [{ id: 1 }],
      batch: [{ token: "t-1", id: "a" }, { token: "t-2", id: "b" }],
    });
    const entry = entries()[0]!;
    expect(entry.member).toEqual({ name: "[redacted]", phone: "[redacted]", contact: { phone: "[redacted]" } });
    expect(entry.headers).toEqual({ authorization: "[redacted]", "content-type": "application/json" });
    expect(entry.invites).toBe("[redacted]");
    expect(entry.batch).toEqual([{ token: "[redacted]", id: "a" }, { token: "[redacted]", id: "b" }]);
    for (const secret of ["+84912345678", "+84987654321", "abc.def", "t-1", "t-2"]) expect(lines[0]).not.toContain(secret);
  });

  it("never writes what lies too deep to be checked", () => {
    const { log, lines } = capture("info");
    log.info("deep", { a: { b: { c: { d: { e: { phone: "+84912345678" } } } } } });
    expect(lines[0]).not.toContain("+84912345678");
    expect(JSON.parse(lines[0]!).a.b.c.d).toEqual({ e: "[too deep]" });
  });

  it("does not throw on a circular structure", () => {
    const { log, entries } = capture("info");
    const ward: Record<string, unknown> = { label: "Phường 1" };
    ward.self = ward;
    expect(() => log.info("cycle", { ward })).not.toThrow();
    expect((entries()[0]!.ward as Record<string, unknown>).label).toBe("Phường 1");
  });

  it("keeps dates as ISO strings", () => {
    const { log, entries } = capture("info");
    log.info("meeting", { startsAt: new Date("2026-11-29T07:00:00Z"), nested: { at: new Date(0) } });
    expect(entries()[0]).toMatchObject({ startsAt: "2026-11-29T07:00:00.000Z", nested: { at: "1970-01-01T00:00:00.000Z" } });
  });

  it("redacts sensitive base fields of a child too", () => {
    const { log, lines } = capture("info");
    log.child({ token: "base-s3cret" }).info("x");
    expect(JSON.parse(lines[0]!).token).toBe("[redacted]");
    expect(lines[0]).not.toContain("base-s3cret");
  });
});

describe("errors", () => {
  it("serialises an Error with its name, message and stack", () => {
    const { log, entries } = capture("error");
    const error = new TypeError("database unreachable");
    log.error("health check failed", { error, nested: { cause: new Error("inner") } });
    const entry = entries()[0]!;
    expect(entry.error).toEqual({ name: "TypeError", message: "database unreachable", stack: error.stack });
    expect(entry.nested).toMatchObject({ cause: { name: "Error", message: "inner" } });
  });
});

describe("child", () => {
  it("adds its base fields to every event, and the event's fields win", () => {
    const { log, entries } = capture("info");
    const child = log.child({ requestId: "r-1", wardId: "w-1" });
    child.info("request", { status: 200, wardId: "w-2" });
    expect(entries()[0]).toEqual({
      level: "info",
      time: "2026-11-22T03:04:05.678Z",
      msg: "request",
      requestId: "r-1",
      wardId: "w-2",
      status: 200,
    });
  });

  it("nests: a grandchild has both sets of base fields; the parent is unchanged", () => {
    const { log, entries } = capture("info");
    const child = log.child({ requestId: "r-1" });
    child.child({ step: "import" }).info("a");
    child.info("b");
    log.info("c");
    expect(entries().map(({ level: _l, time: _t, ...rest }) => rest)).toEqual([
      { msg: "a", requestId: "r-1", step: "import" },
      { msg: "b", requestId: "r-1" },
      { msg: "c" },
    ]);
  });

  it("keeps the parent's level and writer", () => {
    const { log, entries } = capture("warn");
    const child = log.child({ requestId: "r-1" });
    child.info("hidden");
    child.error("shown");
    expect(entries().map((e) => e.msg)).toEqual(["shown"]);
  });
});
