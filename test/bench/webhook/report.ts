/** Printing the figures, and the warnings they call for. */
import { cpus } from "node:os";
import {
  BASELINE_RUNS,
  CONCURRENCY,
  OFFERED_RATE,
  JITTER_MS,
  LEADERS,
  PACING,
  STEPS,
  TARGET_P99_MS,
  TARGET_RATE,
  TELEGRAM_CAP_PER_S,
} from "./config.js";
import { percentile, rate, type SideFigures } from "./load.js";
import type { BenchResults } from "./run.js";

const ms = (x: number) => (!Number.isFinite(x) ? "n/a" : x < 10 ? x.toFixed(2) : x.toFixed(1));
const s = (x: number, digits = 1) => (Number.isNaN(x) ? "n/a" : (x / 1000).toFixed(digits));
const pad = (text: string, n: number) => text.padStart(n);
const counts = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(", ");
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function row(side: SideFigures) {
  const l = side.load;
  return (
    side.name.padEnd(10) +
    pad(String(l.requests), 9) +
    pad(rate(l).toFixed(0), 11) +
    pad(ms(percentile(l.latencies, 50)), 9) +
    pad(ms(percentile(l.latencies, 95)), 9) +
    pad(ms(percentile(l.latencies, 99)), 9) +
    pad(ms(l.latencies.at(-1) ?? NaN), 9) +
    pad((side.serverCpuMs / l.requests).toFixed(2), 12) +
    pad(`${((100 * side.serverCpuMs) / l.wallMs).toFixed(0)}%`, 12) +
    pad(`${((100 * side.clientCpuMs) / l.wallMs).toFixed(0)}%`, 12) +
    pad(side.serverRssMb.toFixed(0), 8)
  );
}

/** Adds the warnings the figures call for. */
function judge(r: BenchResults) {
  const w = r.warnings;
  for (const side of [r.wardbot, r.baseline]) {
    const l = side.load;
    if (l.non200.size)
      w.push(`${side.name}: non-200 answers: ${[...l.non200].map(([st, n]) => `${n}× ${st === 0 ? "no response" : `HTTP ${st}`}`).join(", ")}`);
    if (l.badBodies) w.push(`${side.name}: ${l.badBodies} answers were 200 but not {"ok":true}`);
    if (l.examples.length) w.push(`${side.name}: e.g. ${l.examples.join(" | ")}`);
  }
  const { checks: c, outbound: o } = r;
  const p = o.pacing;
  if (c.submitted !== LEADERS) w.push(`only ${c.submitted} of ${LEADERS} reports are "submitted" after the run`);
  if (c.answersOk !== LEADERS) w.push(`only ${c.answersOk} of ${LEADERS} reports hold the answers sent`);
  if (c.conversationsOk !== LEADERS) w.push(`only ${c.conversationsOk} of ${LEADERS} leaders got exactly the expected messages, in order`);
  if (c.strangersOk !== o.expected.warmup) w.push(`only ${c.strangersOk} of ${o.expected.warmup} warm-up users got exactly one welcome`);
  if (p.maxInJitteredWindow > PACING.perSecond)
    w.push(`pacing: ${p.maxInJitteredWindow} messages within ${1000 - JITTER_MS} ms (the server paces at ${PACING.perSecond}/s)`);
  if (p.maxIn1s > TELEGRAM_CAP_PER_S) w.push(`pacing: ${p.maxIn1s} messages within one second, above Telegram's ~${TELEGRAM_CAP_PER_S}/s`);
  if (p.gapsUnderTolerance)
    w.push(`pacing: ${p.gapsUnderTolerance} times a chat got two messages less than ${PACING.privateGapMs - JITTER_MS} ms apart (min ${ms(p.minGapMs)} ms)`);
  if (o.outboxFinal.sent !== o.expected.total) w.push(`the outbox holds ${o.outboxFinal.sent} sent messages, expected ${o.expected.total}`);
  for (const status of ["pending", "sending", "failed", "dead"])
    if (o.outboxFinal[status]) w.push(`the outbox still holds ${o.outboxFinal[status]} "${status}" messages at the end`);
}

export function printReport(r: BenchResults) {
  judge(r);
  const wb = r.wardbot.load;
  const bb = r.baseline.load;
  const wbRate = rate(wb);
  const wbP99 = percentile(wb.latencies, 99);
  const cpu = cpus();
  const o = r.outbound;
  const p = o.pacing;
  const e = o.expected;
  const ok = (good: boolean) => (good ? "ok" : "NOT ok");
  /** A time relative to the end of the load, in words. */
  const when = (at: number) =>
    at >= 0 ? `${s(at)} s after the load stopped` : at >= -wb.wallMs ? `${s(at + wb.wallMs)} s into the load` : `${s(-(at + wb.wallMs))} s before the load`;

  console.log(`wardbot webhook benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}`);
  console.log(
    `load: ${LEADERS} leaders, concurrency ${CONCURRENCY}${OFFERED_RATE ? `, ${OFFERED_RATE} updates/s offered (latency from each update's scheduled time)` : ""}, ${STEPS.length} updates each, one at a time per chat (keep-alive, loopback); ` +
      `both servers warmed with ${CONCURRENCY} unmeasured updates`,
  );

  console.log("\ninbound (webhook request → 200; the replies are only queued in the outbox here)");
  console.log(
    "".padEnd(10) + pad("requests", 9) + pad("updates/s", 11) + pad("p50 ms", 9) + pad("p95 ms", 9) + pad("p99 ms", 9) + pad("max ms", 9) +
      pad("CPU ms/upd", 12) + pad("server CPU", 12) + pad("client CPU", 12) + pad("RSS MB", 8),
  );
  console.log(row(r.wardbot));
  console.log(row(r.baseline));
  console.log(
    `(bare Hono: median of ${BASELINE_RUNS} runs; their throughputs ${r.baselineRuns.map((x) => rate(x.load).toFixed(0)).join(", ")} updates/s. ` +
      `CPU ms/upd and server CPU: the server process; client CPU: this process, i.e. load generator and fake Bot API; 100% = one core)`,
  );
  console.log(
    `ratio wardbot / bare Hono: throughput ${(wbRate / rate(bb)).toFixed(3)} (${wbRate.toFixed(0)} / ${rate(bb).toFixed(0)} updates/s), ` +
      `p99 ${(wbP99 / percentile(bb.latencies, 99)).toFixed(1)}× (${ms(wbP99)} / ${ms(percentile(bb.latencies, 99))} ms)`,
  );
  console.log(
    `target ≥ ${TARGET_RATE} updates/s: ${wbRate >= TARGET_RATE ? "met" : "NOT met"} (${wbRate.toFixed(0)}); ` +
      `p99 ≤ ${TARGET_P99_MS} ms: ${wbP99 <= TARGET_P99_MS ? "met" : "NOT met"} (${ms(wbP99)} ms)`,
  );
  // In a closed loop the mean latency is concurrency / throughput (Little's law), whatever the server.
  console.log(
    `note: with ${CONCURRENCY} requests always in flight, mean latency = ${CONCURRENCY} / throughput, so p99 ≤ ${TARGET_P99_MS} ms ` +
      `needs ≥ ${Math.round(CONCURRENCY / (TARGET_P99_MS / 1000))} updates/s; measured mean latency: wardbot ${ms(mean(wb.latencies))} ms, ` +
      `bare Hono ${ms(mean(bb.latencies))} ms`,
  );
  console.log(
    `wall time of the measured run: wardbot ${s(wb.wallMs, 2)} s, bare Hono ${s(bb.wallMs, 2)} s; ` +
      `requests on a new TCP connection (socket idle past the server's keep-alive hint): ` +
      [wb, bb]
        .map((l, i) => `${i ? "bare Hono" : "wardbot"} ${l.newConnections}` + (l.newConnections ? ` (latency p50 ${ms(percentile(l.newConnectionLatencies, 50))}, max ${ms(l.newConnectionLatencies.at(-1)!)} ms)` : ""))
        .join(", "),
  );
  console.log(
    `handler time logged by the server (Hono middleware, /webhooks/telegram, n=${r.serverSideMs.length}): p50 ${ms(percentile(r.serverSideMs, 50))}, ` +
      `p99 ${ms(percentile(r.serverSideMs, 99))}, max ${ms(r.serverSideMs.at(-1) ?? NaN)} ms; ` +
      `log levels (run + drain): ${[...r.serverLogLevels].map(([k, v]) => `${k} ${v}`).join(", ")}`,
  );

  console.log("\noutbound (outbox, paced)");
  console.log(
    `note: Telegram caps a bot at about ${TELEGRAM_CAP_PER_S} messages/s (and ~1/s per private chat); the server paces at ${PACING.perSecond}/s ` +
      `and ${PACING.privateGapMs} ms per private chat. So ${e.measured.toLocaleString("en")} replies cannot go out faster than ` +
      `~${Math.round(e.measured / TELEGRAM_CAP_PER_S)}–${Math.round(e.measured / PACING.perSecond)} s whatever the inbound rate ` +
      `(all ${e.total.toLocaleString("en")} messages here: ≥ ${Math.round(e.total / PACING.perSecond)} s at ${PACING.perSecond}/s).`,
  );
  console.log(
    `expected ${e.total} sendMessage calls: ${e.prompts} prompts at cycle open (API said ${o.prompted ?? "?"}) + ${e.warmup} warm-up welcomes + ` +
      `${e.measured} replies to the measured run; received ${p.total}${o.drain.extras ? ` (${o.drain.extras} extra)` : ""} ` +
      `over ${o.connections} TCP connection(s) from the server`,
  );
  console.log(
    `arrivals: ${p.beforeLoad} between cycle open and the measured run, ${p.duringLoad} during the ${s(wb.wallMs, 2)} s of load, ` +
      `${p.afterLoad} after it (${o.drain.atStart} of ${e.total} had arrived when the load stopped)`,
  );
  console.log(
    o.drain.reached
      ? `drain: the last expected message arrived ${s(p.drainMs)} s after the load stopped (bound ${s(o.drain.boundMs, 0)} s); ` +
          `rate ${p.drainRate.toFixed(1)} messages/s during the drain, ${p.overallRate.toFixed(1)} messages/s from first to last send`
      : o.drain.outboxEmpty
        ? `drain: the outbox emptied ${s(p.drainMs)} s after the load stopped with ${p.total} of ${e.total} expected messages sent ` +
          `(the rest were never queued); ${p.drainRate.toFixed(1)} messages/s during the drain`
        : `drain: NOT complete after ${s(o.drain.boundMs, 0)} s (${p.total} of ${e.total}); ${p.drainRate.toFixed(1)} messages/s meanwhile`,
  );
  console.log(
    `global rate: busiest 1-s window ${p.maxIn1s} messages (${when(p.maxIn1sAtMs)}); within ${1000 - JITTER_MS} ms ` +
      `${p.maxInJitteredWindow} → ≤ ${PACING.perSecond}/s ${ok(p.maxInJitteredWindow <= PACING.perSecond)}, ≤ Telegram's ~${TELEGRAM_CAP_PER_S}/s ` +
      `${ok(p.maxIn1s <= TELEGRAM_CAP_PER_S)}; full 1-s buckets after the load (n=${p.buckets.n}): min ${p.buckets.min}, ` +
      `median ${p.buckets.median}, max ${p.buckets.max}, ${p.buckets.over} above ${PACING.perSecond}`,
  );
  if (p.overLimit.length)
    console.log(
      `more than ${PACING.perSecond} messages within 1 s: ${p.overLimit.length} time(s), e.g. ` +
        p.overLimit.slice(0, 4).map((x) => `${x.count} from ${when(x.at)}`).join("; "),
    );
  console.log(
    `pacer's own view (outbox rows, nextAttemptAt = when the deliverer decided a message may go): busiest 1-s window ` +
      `${o.detail.maxDecisionsIn1s} decisions; decision → marked sent p50 ${ms(o.detail.decisionToSent.p50)} ms, ` +
      `p99 ${ms(o.detail.decisionToSent.p99)} ms, max ${ms(o.detail.decisionToSent.max)} ms`,
  );
  if (p.maxIn1s > PACING.perSecond && o.detail.maxDecisionsIn1s <= PACING.perSecond)
    console.log(
      `  → the pacer kept to ${PACING.perSecond} decisions per window, but it counts a message when it decides to send it, not when ` +
        `it goes out: a batch decided while the database was busy went out late (decision → sent up to ${s(o.detail.decisionToSent.max)} s), ` +
        `together with the next window's batch`,
    );
  console.log(
    `per chat: ${p.gaps} consecutive pairs; minimum gap ${ms(p.minGapMs)} ms (chat ${p.minGapChat}); ${p.gapsUnder1s} under ${PACING.privateGapMs} ms, ` +
      `${p.gapsUnderTolerance} under ${PACING.privateGapMs - JITTER_MS} ms → ${ok(p.gapsUnderTolerance === 0)}`,
  );
  const wait = o.detail.replyWait;
  console.log(
    `time a leader's reply spent in the outbox (queued → sent, n=${wait.n}): p50 ${s(wait.p50)} s, p95 ${s(wait.p95)} s, max ${s(wait.max)} s`,
  );
  console.log(
    `server CPU during the drain: ${s(r.outbound.drainServerCpuMs, 2)} s (${((100 * o.drainServerCpuMs) / Math.max(1, p.drainMs)).toFixed(0)}% of a core), ` +
      `${(o.drainServerCpuMs / Math.max(1, p.afterLoad)).toFixed(2)} ms per message sent`,
  );
  console.log(`outbox table (bench's own Prisma client, same file): at load end ${counts(o.outboxAtLoadEnd)}`);
  console.log(
    `                                                     at the end  ${counts(o.outboxFinal)}; ${o.detail.total} rows, ` +
      `${o.detail.retried} sent more than once, ${o.detail.withError} with an error${o.detail.errors.length ? ` (${o.detail.errors.join(" | ")})` : ""}`,
  );

  const c = r.checks;
  console.log(
    `\nchecks: ${c.submitted}/${LEADERS} reports submitted, ${c.answersOk}/${LEADERS} with the answers sent, ` +
      `${c.conversationsOk}/${LEADERS} leaders got the prompt and ${STEPS.length} replies in order, ${c.strangersOk}/${e.warmup} warm-up users one welcome each`,
  );
  console.log(`phases: ${Object.entries(r.phases).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join("; ")}`);
  if (r.serverProblems.length) {
    console.log("\nserver problems seen:");
    for (const x of r.serverProblems) console.log(`  - ${x}`);
  }
  if (r.warnings.length) {
    console.log("\nWARNING:");
    for (const x of r.warnings) console.log(`  - ${x}`);
  }
}
