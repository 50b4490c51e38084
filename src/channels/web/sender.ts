import type { Sender } from "../channel.js";

/**
 * The web channel's delivery: nothing to call. Its messages are the outbox rows addressed to the
 * session's chat, which the console reads (GET /api/v1/simulator/{sessionId}/messages) whatever
 * their status; sending only marks them delivered, so they never wait as a backlog.
 */
export const webSender: Sender = async () => {};
