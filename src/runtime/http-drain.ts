import type { Server } from "node:http";
import type { Socket } from "node:net";

/**
 * Stops an HTTP server at once when it is idle, and as soon as its in-flight requests are answered
 * otherwise. `server.close()` alone waits for every open connection, and
 * `closeIdleConnections()` does not count a connection that has not sent a request yet as idle:
 * Telegram (up to 40 connections) and load balancers open connections ahead of use, so a stop
 * used to wait for the 10 s grace every time. Here every connection is tracked with the number
 * of requests it is serving: at `drain()` those serving none are destroyed, the others are closed
 * right after their answer (and answered with `Connection: close`).
 */
export function trackConnections(server: Server) {
  const active = new Map<Socket, number>();
  let draining = false;

  server.on("connection", (socket: Socket) => {
    active.set(socket, 0);
    socket.once("close", () => active.delete(socket));
  });
  server.on("request", (req, res) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    if (draining) res.shouldKeepAlive = false;
    res.once("close", () => {
      const left = (active.get(socket) ?? 1) - 1;
      active.set(socket, left);
      // end(), not destroy(): the answer may still be in the socket's buffer.
      if (draining && left === 0) socket.end();
    });
  });

  return {
    /** Stops accepting, closes idle connections now and busy ones after their answer; resolves once all are closed. */
    drain(): Promise<void> {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [socket, requests] of active) if (requests === 0) socket.destroy();
      return closed;
    },
  };
}
