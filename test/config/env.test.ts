import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "../../src/config/env.js";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
const SECRET = "webhook_secret-123";

/** The problems parseEnv reports for `source`, or fails the test when it accepts it. */
function problemsOf(source: Record<string, string | undefined>) {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { error: error as ConfigError, problems: (error as ConfigError).problems };
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}
const variables = (source: Record<string, string | undefined>) => problemsOf(source).problems.map((p) => p.variable);

describe("parseEnv defaults", () => {
  it("runs with an empty environment", () => {
    expect(parseEnv({})).toEqual({
      port: 8080,
      host: "0.0.0.0",
      databaseUrl: "file:./data/wardbot.db",
      databaseAuthToken: undefined,
      publicUrl: undefined,
      adminToken: undefined,
      linkSigningKey: undefined,
      timezone: "Asia/Ho_Chi_Minh",
      logLevel: "info",
      telegram: undefined,
      zalo: undefined,
      zaloOa: { apiRoot: "https://openapi.zalo.me", oauthRoot: "https://oauth.zaloapp.com" },
      webhooksAllowPrivate: false,
    });
  });

  it("treats empty and blank strings as unset", () => {
    const blank = {
      PORT: "",
      HOST: "",
      DATABASE_URL: " ",
      DATABASE_AUTH_TOKEN: "",
      PUBLIC_URL: "",
      ADMIN_TOKEN: "",
      LINK_SIGNING_KEY: "",
      APP_TIMEZONE: "",
      LOG_LEVEL: "",
      TELEGRAM_BOT_TOKEN: "",
      TELEGRAM_WEBHOOK_SECRET: "",
      TELEGRAM_API_ROOT: "",
      TELEGRAM_MODE: "",
      ZALO_BOT_TOKEN: "  ",
      ZALO_WEBHOOK_SECRET: "",
      ZALO_API_ROOT: "",
    };
    expect(parseEnv(blank)).toEqual(parseEnv({}));
  });

  it("ignores variables it does not know, as process.env has many", () => {
    expect(parseEnv({ PATH: "/usr/bin", HOME: "/root", NODE_ENV: "production" })).toEqual(parseEnv({}));
  });

  it("uses the API roots' defaults for a configured bot", () => {
    const config = parseEnv({ TELEGRAM_BOT_TOKEN: TOKEN, ZALO_BOT_TOKEN: "zalo-token", TELEGRAM_API_ROOT: "", ZALO_API_ROOT: "" });
    expect(config.telegram?.apiRoot).toBe("https://api.telegram.org");
    expect(config.zalo?.apiRoot).toBe("https://bot-api.zaloplatforms.com");
  });
});

describe("parseEnv values", () => {
  it("reads every variable", () => {
    const config = parseEnv({
      PORT: "3000",
      HOST: "127.0.0.1",
      DATABASE_URL: "libsql://wardbot-x.turso.io",
      DATABASE_AUTH_TOKEN: "db-token",
      PUBLIC_URL: "https://bot.example.vn",
      ADMIN_TOKEN: "a".repeat(24),
      LINK_SIGNING_KEY: "k".repeat(32),
      APP_TIMEZONE: "Europe/Berlin",
      LOG_LEVEL: "debug",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ZALO_BOT_TOKEN: "zalo-token",
      ZALO_WEBHOOK_SECRET: "zalo-secret",
      ZALO_OA_API_ROOT: "http://127.0.0.1:8090/",
      ZALO_OA_OAUTH_ROOT: "http://127.0.0.1:8091",
      WEBHOOKS_ALLOW_PRIVATE: "true",
    });
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      databaseUrl: "libsql://wardbot-x.turso.io",
      databaseAuthToken: "db-token",
      publicUrl: "https://bot.example.vn",
      adminToken: "a".repeat(24),
      linkSigningKey: "k".repeat(32),
      timezone: "Europe/Berlin",
      logLevel: "debug",
      telegram: { token: TOKEN, webhookSecret: SECRET, apiRoot: "https://api.telegram.org", mode: "webhook" },
      zalo: { token: "zalo-token", webhookSecret: "zalo-secret", apiRoot: "https://bot-api.zaloplatforms.com" },
      zaloOa: { apiRoot: "http://127.0.0.1:8090", oauthRoot: "http://127.0.0.1:8091" },
      webhooksAllowPrivate: true,
    });
  });

  it("trims values", () => {
    const config = parseEnv({ PORT: " 3000 ", HOST: " localhost ", LOG_LEVEL: " warn " });
    expect(config).toMatchObject({ port: 3000, host: "localhost", logLevel: "warn" });
  });

  it.each(["file:./data/wardbot.db", "file::memory:", "libsql://db.turso.io", "http://localhost:8080", "https://db.example.vn"])(
    "accepts DATABASE_URL %s",
    (url) => {
      expect(parseEnv({ DATABASE_URL: url }).databaseUrl).toBe(url);
    },
  );

  it("accepts the port bounds", () => {
    expect(parseEnv({ PORT: "0" }).port).toBe(0);
    expect(parseEnv({ PORT: "65535" }).port).toBe(65535);
  });

  it("removes trailing slashes from PUBLIC_URL and the API roots", () => {
    const config = parseEnv({
      PUBLIC_URL: "https://bot.example.vn/wardbot//",
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: "http://localhost:8081/",
      ZALO_BOT_TOKEN: "zalo-token",
      ZALO_WEBHOOK_SECRET: "zalo-secret",
      ZALO_API_ROOT: "https://zalo.example.vn/api/",
    });
    expect(config.publicUrl).toBe("https://bot.example.vn/wardbot");
    expect(config.telegram?.apiRoot).toBe("http://localhost:8081");
    expect(config.zalo?.apiRoot).toBe("https://zalo.example.vn/api");
  });
});

describe("parseEnv problems", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["DATABASE_URL", "postgres://x"],
    ["DATABASE_URL", "./data/wardbot.db"],
    ["APP_TIMEZONE", "Asia/Hanoi_City"],
    ["APP_TIMEZONE", "Mars/Olympus_Mons"],
    ["LOG_LEVEL", "verbose"],
    ["LOG_LEVEL", "INFO"],
    ["PUBLIC_URL", "bot.example.vn"],
    ["PUBLIC_URL", "ftp://bot.example.vn"],
    ["ADMIN_TOKEN", "too-short"],
    ["LINK_SIGNING_KEY", "k".repeat(31)],
    ["TELEGRAM_API_ROOT", "not a url"],
    ["TELEGRAM_MODE", "push"],
    ["TELEGRAM_WEBHOOK_SECRET", "has spaces in it"],
    ["TELEGRAM_WEBHOOK_SECRET", "x".repeat(257)],
    ["ZALO_API_ROOT", "zalo"],
  ])("rejects %s=%j, naming the variable", (name, value) => {
    const { error, problems } = problemsOf({ [name]: value });
    expect(problems.map((p) => p.variable)).toEqual([name]);
    expect(problems[0]?.message).toBeTruthy();
    expect(error.name).toBe("ConfigError");
    expect(error.message).toContain(`${name}: `);
  });

  it("names a bad PORT with a readable message", () => {
    expect(problemsOf({ PORT: "abc" }).problems).toEqual([{ variable: "PORT", message: "must be a port number" }]);
    expect(problemsOf({ PORT: "70000" }).problems).toEqual([{ variable: "PORT", message: "must be at most 65535" }]);
  });

  it("reports every bad variable at once", () => {
    const { error, problems } = problemsOf({
      PORT: "abc",
      DATABASE_URL: "postgres://x",
      APP_TIMEZONE: "Nowhere/Special",
      LOG_LEVEL: "loud",
      HOST: "0.0.0.0",
    });
    expect(problems.map((p) => p.variable).sort()).toEqual(["APP_TIMEZONE", "DATABASE_URL", "LOG_LEVEL", "PORT"]);
    for (const name of ["PORT", "DATABASE_URL", "APP_TIMEZONE", "LOG_LEVEL"]) expect(error.message).toContain(name);
    expect(error.message).not.toContain("HOST");
  });

  it("does not echo a bad secret in the error", () => {
    const badToken = "not-a-token-but-maybe-a-password-XYZ";
    const { error, problems } = problemsOf({ TELEGRAM_BOT_TOKEN: badToken });
    expect(problems.map((p) => p.variable)).toEqual(["TELEGRAM_BOT_TOKEN"]);
    expect(error.message).not.toContain(badToken);
    expect(JSON.stringify(problems)).not.toContain(badToken);
  });

  it.each(["too-short-admin", "short-zalo"])("does not echo other bad secrets (%s)", (value) => {
    const { error } = problemsOf({ ADMIN_TOKEN: value, ZALO_WEBHOOK_SECRET: value, LINK_SIGNING_KEY: value });
    expect(error.message).not.toContain(value);
  });

  it("rejects a Telegram token without the id:secret shape", () => {
    for (const token of ["abc:ABCDEFGHIJKLMNOPQRSTUVWXYZ", "123456:short", "123456ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
      expect(variables({ TELEGRAM_BOT_TOKEN: token }), token).toEqual(["TELEGRAM_BOT_TOKEN"]);
  });
});

describe("Telegram mode", () => {
  it("defaults to webhook with PUBLIC_URL, which then needs TELEGRAM_WEBHOOK_SECRET", () => {
    const { problems } = problemsOf({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: "https://bot.example.vn" });
    expect(problems).toEqual([{ variable: "TELEGRAM_WEBHOOK_SECRET", message: "is required when TELEGRAM_MODE=webhook" }]);
    expect(
      parseEnv({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: "https://bot.example.vn", TELEGRAM_WEBHOOK_SECRET: SECRET })
        .telegram?.mode,
    ).toBe("webhook");
  });

  it("defaults to polling without PUBLIC_URL, needing no secret", () => {
    expect(parseEnv({ TELEGRAM_BOT_TOKEN: TOKEN }).telegram).toEqual({
      token: TOKEN,
      webhookSecret: undefined,
      apiRoot: "https://api.telegram.org",
      mode: "polling",
    });
  });

  it("takes an explicit TELEGRAM_MODE", () => {
    expect(parseEnv({ TELEGRAM_BOT_TOKEN: TOKEN, PUBLIC_URL: "https://bot.example.vn", TELEGRAM_MODE: "polling" }).telegram?.mode).toBe(
      "polling",
    );
  });

  it("requires PUBLIC_URL and the secret for an explicit webhook", () => {
    expect(variables({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: "webhook" }).sort()).toEqual([
      "PUBLIC_URL",
      "TELEGRAM_WEBHOOK_SECRET",
    ]);
    expect(variables({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: "webhook", TELEGRAM_WEBHOOK_SECRET: SECRET })).toEqual([
      "PUBLIC_URL",
    ]);
  });

  it("ignores Telegram settings without a token", () => {
    expect(parseEnv({ TELEGRAM_MODE: "webhook", PUBLIC_URL: "https://bot.example.vn" }).telegram).toBeUndefined();
  });
});

describe("Zalo", () => {
  it("accepts a webhook secret of 8 to 256 characters", () => {
    for (const secret of ["12345678", "x".repeat(256)])
      expect(parseEnv({ ZALO_BOT_TOKEN: "z", ZALO_WEBHOOK_SECRET: secret }).zalo?.webhookSecret).toBe(secret);
  });

  it("rejects a webhook secret shorter than 8 or longer than 256 characters", () => {
    for (const secret of ["1234567", "x".repeat(257)]) {
      const { problems } = problemsOf({ ZALO_WEBHOOK_SECRET: secret });
      expect(problems).toEqual([{ variable: "ZALO_WEBHOOK_SECRET", message: "must be 8-256 characters" }]);
    }
  });

  it("needs a webhook secret when it has a token and PUBLIC_URL", () => {
    expect(variables({ ZALO_BOT_TOKEN: "zalo-token", PUBLIC_URL: "https://bot.example.vn" })).toEqual([
      "ZALO_WEBHOOK_SECRET",
    ]);
    expect(parseEnv({ ZALO_BOT_TOKEN: "zalo-token" }).zalo).toEqual({
      token: "zalo-token",
      webhookSecret: undefined,
      apiRoot: "https://bot-api.zaloplatforms.com",
    });
  });
});
