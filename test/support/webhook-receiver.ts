import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An independent receiver of wardbot's webhooks on 127.0.0.1: it verifies each signature the
 * way README tells a ward's system to, with node:crypto alone (none of wardbot's code), and
 * answers with the statuses it is given (then 200).
 */
export async function webhookReceiver(options: { statuses?: number[]; now?: () => Date } = {}) {
  const statuses = [...(options.statuses ?? [])];
  let secret = "";
  const received: { headers: IncomingHttpHeaders; body: string; verified: boolean; why?: string; event: any }[] = [];

  function verify(header: string | undefined, body: string): string | undefined {
    const parts = Object.fromEntries((header ?? "").split(",").map((p) => p.split("=", 2) as [string, string]));
    const t = Number(parts.t);
    if (!Number.isInteger(t) || !parts.v1) return "no signature";
    const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
    if (Math.abs(nowSeconds - t) > 300) return "older than 5 minutes";
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
    const given = Buffer.from(parts.v1, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected) ? undefined : "signature does not match";
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const why = verify(req.headers["x-wardbot-signature"] as string | undefined, body);
      received.push({ headers: req.headers, body, verified: !why, why, event: JSON.parse(body) });
      res.writeHead(why ? 401 : (statuses.shift() ?? 200)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wardbot-events`,
    received,
    /** The secret the API showed once, as the ward's system keeps it. */
    useSecret: (s: string) => void (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
