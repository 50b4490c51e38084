import type { ChannelName } from "../channels/channel.js";
import type { Logger } from "../core/logger.js";
import { DELIVERY, type Deliverer } from "./outbox.js";

/**
 * Runs `deliverDue` whenever woken (right after a commit that queued messages) and every
 * `intervalMs` for what became due meanwhile (backoffs, pacing), one run at a time per channel:
 * each channel has its own runs, so one that is slow, down or at its rate never delays another.
 * While a channel cannot send (at its rate, paused), a wake only sets its next run for when it
 * can: under a burst of inbound messages the outbox is not read after every commit.
 */
export function startDeliveryLoop(deliverer: Deliverer, log: Logger, intervalMs = 1000) {
  let stopped = false;
  const runners = new Map<ChannelName | undefined, ReturnType<typeof channelRunner>>();

  function channelRunner(channel: ChannelName | undefined) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timerAt = Infinity;
    let running: Promise<void> | undefined;
    let again = false;
    const runIn = (ms: number) => {
      const at = Date.now() + ms;
      if (timer !== undefined && timerAt <= at) return; // an earlier run is already set
      clearTimeout(timer);
      timerAt = at;
      timer = setTimeout(() => {
        timer = undefined;
        run();
      }, ms);
    };
    const run = () => {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      const wait = deliverer.waitMs?.(channel) ?? 0;
      if (wait > 0) return runIn(wait);
      clearTimeout(timer);
      timer = undefined;
      running = (async () => {
        try {
          // Keep going while a full batch went out: there may be more due.
          while ((await deliverer.deliverDue(channel)) >= DELIVERY.batch && !stopped);
        } catch (error) {
          log.error("delivery loop failed", { channel, error });
        }
      })().finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          run();
        } else if (!stopped) {
          // At its rate: again as soon as a slot frees (a backlog then goes at the full rate,
          // not a second after each run's end); otherwise in `intervalMs`.
          const wait = deliverer.waitMs?.(channel) ?? 0;
          runIn(wait > 0 ? Math.min(wait, intervalMs) : intervalMs);
        }
      });
    };
    return {
      run,
      async stop() {
        clearTimeout(timer);
        await running;
      },
    };
  }

  const channels = () => deliverer.channels?.() ?? [undefined];
  const wake = () => {
    for (const channel of channels()) {
      let runner = runners.get(channel);
      if (!runner) runners.set(channel, (runner = channelRunner(channel)));
      runner.run();
    }
  };
  wake();
  // A channel given a sender after the start (connected later) gets its runs within a second.
  const newcomers = setInterval(() => {
    if (channels().some((c) => !runners.has(c))) wake();
  }, intervalMs);
  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(newcomers);
      await Promise.all([...runners.values()].map((r) => r.stop()));
    },
  };
}
