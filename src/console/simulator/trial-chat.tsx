import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorText, unwrap } from "../api/client";
import { Field, type Schemas } from "../ui";

/** How often the chat asks the server for the bot's new messages (also right after each message sent). */
const POLL_MS = 1000;

interface Line {
  key: string;
  from: "bot" | "me";
  text: string;
  choices: { label: string; value: string }[];
}

const REPORT_STATUS: Record<string, string> = {
  pending: "chưa làm",
  in_progress: "đang làm",
  submitted: "đã gửi (thử)",
};

/** A client id per message sent: a retried POST is then handled once. */
const messageId = () => crypto.randomUUID();

/**
 * The chat of one simulator session: the bot's messages as they come (polled with a cursor),
 * what the admin typed or pressed, the buttons of the newest message, and what the session's
 * report holds now. Nothing typed is lost on a failed send: the text stays in the field.
 */
export function TrialChat(props: { session: Schemas["SimulatorSession"]; onSession: (s: Schemas["SimulatorSession"]) => void }) {
  const { session } = props;
  const sessionId = session.id;
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cursor = useRef<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const end = useRef<HTMLLIElement>(null);
  const { onSession } = props;

  const refreshSession = useCallback(async () => {
    onSession(await unwrap(api.GET("/api/v1/simulator/{sessionId}", { params: { path: { sessionId } } })));
  }, [sessionId, onSession]);

  const poll = useCallback(async () => {
    const fresh = await unwrap(
      api.GET("/api/v1/simulator/{sessionId}/messages", { params: { path: { sessionId }, query: cursor.current ? { after: cursor.current } : {} } }),
    );
    if (!fresh.length) return false;
    cursor.current = fresh.at(-1)!.id;
    setLines((l) => [...l, ...fresh.map((m) => ({ key: m.id, from: "bot" as const, text: m.text, choices: m.choices }))]);
    return true;
  }, [sessionId]);

  useEffect(() => {
    let stopped = false;
    const tick = () =>
      poll()
        .then((more) => (more ? refreshSession() : undefined))
        .catch(() => undefined) // a missed poll is taken again at the next one
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, POLL_MS);
        });
    let timer = setTimeout(tick, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll, refreshSession]);

  useEffect(() => {
    // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
    void end.current?.scrollIntoView({ block: "nearest" });
  }, [lines]);

  async function send(body: { text: string } | { choice: string }, shown: string) {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST("/api/v1/simulator/{sessionId}/messages", { params: { path: { sessionId } }, body: { ...body, id: messageId() } }));
      setLines((l) => [...l, { key: `me-${l.length}`, from: "me", text: shown, choices: [] }]);
      if ("text" in body) setText("");
      await poll();
      await refreshSession();
    } catch (e) {
      setError(`Chưa gửi được tin nhắn. ${errorText(e)}`);
    } finally {
      setBusy(false);
      input.current?.focus();
    }
  }

  async function restart() {
    setBusy(true);
    setError(null);
    try {
      onSession(await unwrap(api.POST("/api/v1/simulator/{sessionId}/cycle", { params: { path: { sessionId } }, body: {} })));
      await poll();
    } catch (e) {
      setError(`Chưa làm lại được. ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  }

  const last = lines.at(-1);
  const who = session.member ? `ông/bà ${session.member.name}` : "một người mới (chưa liên kết)";
  return (
    <div className="trial">
      <h2>
        Đang thử với vai {who} · {session.cycle.formTitle} (phiên bản {session.cycle.formVersion})
      </h2>
      <ol className="bubbles" aria-label="Cuộc trò chuyện thử" aria-live="polite">
        {lines.map((l) => (
          <li key={l.key} className={`from-${l.from}`}>
            <span className="visually-hidden">{l.from === "bot" ? "Trợ lý: " : "Bạn: "}</span>
            <div className="bubble">{l.text}</div>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      {last?.from === "bot" && last.choices.length > 0 && (
        <div className="row chips" role="group" aria-label="Nút bấm của trợ lý">
          {last.choices.map((c) => (
            <button type="button" className="secondary small" key={c.value} disabled={busy} onClick={() => send({ choice: c.value }, c.label)}>
              {c.label}
            </button>
          ))}
        </div>
      )}
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void send({ text }, text);
        }}
      >
        <Field label="Tin nhắn của bạn" hint="Gõ câu trả lời, hoặc lệnh như /baocao, /sua, /huy." error={error}>
          {(c) => <input {...c} ref={input} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" maxLength={4096} />}
        </Field>
        <button type="submit" disabled={busy}>
          Gửi tin
        </button>
      </form>
      {session.cycle.reports.length > 0 && (
        <p className="muted" aria-live="polite">
          Báo cáo thử ({session.cycle.label}):{" "}
          {session.cycle.reports.map((r) => `${r.groupName} — ${REPORT_STATUS[r.status] ?? r.status}`).join("; ")}. Không tính vào báo cáo thật.
        </p>
      )}
      <div className="row">
        <button type="button" className="secondary" onClick={restart} disabled={busy}>
          Làm lại báo cáo thử từ đầu
        </button>
      </div>
    </div>
  );
}
