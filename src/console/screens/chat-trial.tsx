import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { handleInput, openSession, type FlowContext } from "../../core/conversation/report-flow.js";
import type { ReportSession } from "../../core/conversation/report-session.js";
import type { Question as CoreQuestion } from "../../core/form.js";
import type { Choice, UserInput } from "../../core/conversation/types.js";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";

/**
 * Thử trò chuyện (first step): the report conversation of the ward's current form, run in the
 * browser by the bot's own engine (the core's report flow is pure), so staff can try a new form
 * or learn the bot without Telegram or Zalo. Nothing is sent to the server: it cannot touch a
 * real report. (A server-side "web" channel with a preview cycle is the later step.)
 */
export function ChatTrial() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="thu-tro-chuyen">
      <h1 id="thu-tro-chuyen">Thử trò chuyện</h1>
      <p className="muted">Trả lời thử mẫu báo cáo như một tổ trưởng. Chạy ngay trên trình duyệt: không gửi tin nhắn nào và không lưu vào kỳ báo cáo nào.</p>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardTrial ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardTrial({ ward }: { ward: Schemas["Ward"] }) {
  const form = useQuery({
    queryKey: ["form", ward.id],
    queryFn: () =>
      unwrap(api.GET("/api/v1/wards/{wardId}/form", { params: { path: { wardId: ward.id } } })).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  if (form.data === undefined) return <QueryState query={form} what="mẫu báo cáo" />;
  if (form.data === null) return <p>Phường chưa có mẫu báo cáo: soạn ở trang Mẫu báo cáo trước.</p>;
  return <Conversation form={form.data} key={form.data.version} />;
}

interface Line {
  from: "bot" | "me" | "note";
  text: string;
  choices?: Choice[];
}

/** Today in the ward's zone, as the chat reads "hôm nay". */
function today(zone: string) {
  const [d, m, y] = new Intl.DateTimeFormat("en-GB", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date()).split("/").map(Number);
  return { year: y!, month: m!, day: d! };
}

function Conversation({ form }: { form: Schemas["Form"] }) {
  const ctx: FlowContext = {
    questions: form.questions.map((q) => ({ ...q, required: q.required !== false })) as CoreQuestion[],
    today: today("Asia/Ho_Chi_Minh"),
    cycleLabel: "(thử)",
    groupName: "Tổ dân phố thử",
  };
  const [session, setSession] = useState<ReportSession | null>(null);
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState("");
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // Braces: Chromium's scrollIntoView now returns a promise, which React would take for a cleanup.
    void end.current?.scrollIntoView({ block: "nearest" });
  }, [lines]);

  const start = () => {
    const result = openSession({ cycleId: "thu", reportId: "thu" }, {}, ctx);
    setSession(result.session);
    setLines(result.messages.map((m) => ({ from: "bot", text: m.text, choices: m.choices })));
  };
  const send = (input: UserInput, shown: string) => {
    if (!session) return;
    const result = handleInput(session, input, ctx);
    const said: Line[] = result.messages.map((m) => ({ from: "bot", text: m.text, choices: m.choices }));
    if (result.effect === "submit") said.push({ from: "note", text: "Báo cáo thử đã hoàn tất. Đây chỉ là bản thử: không lưu vào kỳ báo cáo nào." });
    if (result.effect === "pause") said.push({ from: "note", text: "Đã tạm dừng cuộc trò chuyện thử." });
    setSession(result.session);
    setLines((l) => [...l.map((x) => ({ ...x, choices: undefined })), { from: "me", text: shown }, ...said]);
  };
  const last = lines.at(-1);
  return (
    <div className="card chat-trial">
      <h2>
        {form.title} (phiên bản {form.version})
      </h2>
      <ol className="bubbles" aria-label="Cuộc trò chuyện thử" aria-live="polite">
        {lines.map((l, i) => (
          <li key={i} className={`from-${l.from}`}>
            <span className="visually-hidden">{l.from === "bot" ? "Bot: " : l.from === "me" ? "Bạn: " : ""}</span>
            <div className={l.from === "note" ? "note" : "bubble"}>{l.text}</div>
          </li>
        ))}
        <li ref={end} aria-hidden="true" />
      </ol>
      {last?.choices && session && (
        <div className="row chips" role="group" aria-label="Nút bấm của bot">
          {last.choices.map((c) => (
            <button type="button" className="secondary small" key={c.value} onClick={() => send({ kind: "choice", value: c.value }, c.label)}>
              {c.label}
            </button>
          ))}
        </div>
      )}
      {session ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!text.trim()) return;
            send({ kind: "text", text }, text);
            setText("");
          }}
        >
          <Field label="Tin nhắn của bạn">{(c) => <input {...c} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />}</Field>
          <button type="submit">Gửi tin</button>
        </form>
      ) : (
        <button type="button" onClick={start}>
          {lines.length ? "Thử lại từ đầu" : "Bắt đầu trò chuyện thử"}
        </button>
      )}
    </div>
  );
}
