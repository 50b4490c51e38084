import { useMemo } from "react";
import { toQuestions, type DraftQuestion } from "./draft";
import { previewPrompts } from "./preview";

/** The questions as a leader will read them in chat, updated as the officer types. */
export function ChatPreview({ drafts }: { drafts: DraftQuestion[] }) {
  const prompts = useMemo(() => {
    try {
      return previewPrompts(toQuestions(drafts.filter((d) => d.text.trim())));
    } catch {
      // A half-made question (a choice without options yet) is left out until it can be asked.
      return null;
    }
  }, [drafts]);
  return (
    <section className="card chat-preview" aria-labelledby="xem-truoc">
      <h2 id="xem-truoc">Xem trước trong tin nhắn</h2>
      {prompts === null && <p className="muted">Chưa xem trước được: xin hoàn thành câu hỏi đang sửa.</p>}
      {prompts?.length === 0 && <p className="muted">Chưa có câu hỏi nào.</p>}
      <ol className="bubbles" aria-label="Tin nhắn tổ trưởng sẽ nhận">
        {prompts?.map((p, i) => (
          <li key={i}>
            {p.condition && <p className="condition small-text">{p.condition}</p>}
            <div className="bubble">{p.text}</div>
            {p.buttons.length > 0 && (
              <p className="chips" aria-label="Nút bấm kèm theo">
                {p.buttons.map((b) => (
                  <span key={b} className="chip">
                    {b}
                  </span>
                ))}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
