import { Field } from "../ui";
import { TYPE_LABELS, canBeCondition, isNumeric, optionsOf, type DraftQuestion, type QuestionType } from "./draft";

/**
 * One question of the form editor: its words, type, whether it must be answered, bounds or
 * options, and "chỉ hỏi khi …" on an earlier yes/no or choice question. Errors come by the API's
 * field names (questions.2.max), from the browser's check or the server's.
 */
export function QuestionEditor(props: {
  index: number;
  count: number;
  question: DraftQuestion;
  earlier: DraftQuestion[];
  errors: Record<string, string>;
  onChange: (q: DraftQuestion) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { question: q, index } = props;
  const n = index + 1;
  const at = `questions.${index}`;
  const err = (field: string) => props.errors[`${at}.${field}`];
  const set = (patch: Partial<DraftQuestion>) => props.onChange({ ...q, ...patch });
  const conditions = props.earlier.filter((o) => canBeCondition(o.type));
  const target = props.earlier.find((o) => o.uid === q.showIfUid);
  return (
    <fieldset className="card question">
      <legend>Câu {n}</legend>
      <Field label={`Nội dung câu ${n}`} error={err("text")}>
        {(c) => <input {...c} value={q.text} onChange={(e) => set({ text: e.target.value })} maxLength={300} />}
      </Field>
      <div className="form-grid">
        <Field label={`Kiểu trả lời câu ${n}`} error={err("type")}>
          {(c) => (
            <select {...c} value={q.type} onChange={(e) => set({ type: e.target.value as QuestionType })}>
              {Object.entries(TYPE_LABELS).map(([type, label]) => (
                <option key={type} value={type}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Mã câu ${n}`} hint="Không bắt buộc: để trống thì tự đặt theo nội dung. Dùng làm tên cột trong bảng Excel." error={err("key")}>
          {(c) => <input {...c} value={q.key} onChange={(e) => set({ key: e.target.value })} autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={q.required} onChange={(e) => set({ required: e.target.checked })} />
        Bắt buộc trả lời câu {n}
      </label>
      {isNumeric(q.type) && (
        <div className="form-grid">
          <Field label={`Giá trị nhỏ nhất câu ${n}`} hint="Để trống nếu không giới hạn." error={err("min")}>
            {(c) => <input {...c} inputMode="decimal" value={q.min} onChange={(e) => set({ min: e.target.value })} />}
          </Field>
          <Field label={`Giá trị lớn nhất câu ${n}`} hint="Để trống nếu không giới hạn." error={err("max")}>
            {(c) => <input {...c} inputMode="decimal" value={q.max} onChange={(e) => set({ max: e.target.value })} />}
          </Field>
        </div>
      )}
      {q.type === "choice" && (
        <Field label={`Các lựa chọn của câu ${n}`} hint="Mỗi dòng một lựa chọn, ít nhất 2." error={err("options")}>
          {(c) => <textarea {...c} rows={3} value={q.options} onChange={(e) => set({ options: e.target.value })} />}
        </Field>
      )}
      <div className="form-grid">
        <Field label={`Chỉ hỏi câu ${n} khi`} hint={conditions.length ? undefined : "Muốn hỏi có điều kiện, cần một câu Có / Không hoặc lựa chọn đứng trước."} error={err("showIf.key")}>
          {(c) => (
            <select {...c} value={q.showIfUid} onChange={(e) => set({ showIfUid: e.target.value, showIfEquals: "" })}>
              <option value="">Luôn hỏi</option>
              {conditions.map((o) => (
                <option key={o.uid} value={o.uid}>
                  Câu {props.earlier.indexOf(o) + 1}: {o.text || "(chưa có nội dung)"}
                </option>
              ))}
            </select>
          )}
        </Field>
        {target && (
          <Field label={`Câu ${n} hỏi khi câu trả lời là`} error={err("showIf.equals")}>
            {(c) => (
              <select {...c} value={q.showIfEquals} onChange={(e) => set({ showIfEquals: e.target.value })}>
                <option value="">— Chọn câu trả lời —</option>
                {(target.type === "yes_no" ? [["true", "Có"], ["false", "Không"]] : optionsOf(target).map((o) => [o, o])).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="row actions">
        <button type="button" className="secondary small" onClick={() => props.onMove(-1)} disabled={index === 0} aria-label={`Đưa câu ${n} lên trên`}>
          ↑ Lên
        </button>
        <button type="button" className="secondary small" onClick={() => props.onMove(1)} disabled={index === props.count - 1} aria-label={`Đưa câu ${n} xuống dưới`}>
          ↓ Xuống
        </button>
        <button type="button" className="secondary small" onClick={props.onRemove} aria-label={`Xoá câu ${n}`}>
          Xoá câu
        </button>
      </div>
    </fieldset>
  );
}
