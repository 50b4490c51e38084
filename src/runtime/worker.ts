/**
 * The Cloudflare Workers entry (a placeholder). The app, services and core are already
 * runtime-neutral; what Workers still need is a Prisma client generated for workerd on the D1
 * adapter and the Cron Trigger calling the scheduler's tick. Until then the Worker answers
 * every request with a clear 503 instead of failing obscurely.
 */
export default {
  async fetch(): Promise<Response> {
    return Response.json(
      {
        error: {
          code: "internal",
          message: "The Cloudflare Workers runtime of wardbot is not available yet; run it on Node (npm start).",
        },
      },
      { status: 503 },
    );
  },
};
