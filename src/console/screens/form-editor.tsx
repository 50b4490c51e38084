import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError, unwrap } from "../api/client";
import { ConfirmDialog } from "../dialog";
import { ChatPreview } from "../form/chat-preview";
import { checkDrafts, emptyQuestion, moved, toDrafts, toQuestions, type DraftQuestion } from "../form/draft";
import { QuestionEditor } from "../form/question-editor";
import { formatDateTime } from "../format";
import { fieldErrors } from "../messages";
import { Field, QueryState, WardPicker, useChosenWard, useWards, type Schemas } from "../ui";

/** Mẫu báo cáo: the questions leaders answer each week; each save is a new version. */
export function FormEditor() {
  const wards = useWards();
  const [ward, choose] = useChosenWard(wards.data);
  return (
    <section aria-labelledby="mau-bao-cao">
      <h1 id="mau-bao-cao">Mẫu báo cáo</h1>
      <QueryState query={wards} what="danh sách phường/xã" />
      {ward && (
        <>
          <WardPicker wards={wards.data!} value={ward.id} onChange={choose} />
          <WardForm ward={ward} key={ward.id} />
        </>
      )}
    </section>
  );
}

function WardForm({ ward }: { ward: Schemas["Ward"] }) {
  const form = useQuery({
    queryKey: ["form", ward.id],
    // A ward without a form yet (404) starts from an empty one.
    queryFn: () =>
      unwrap(api.GET("/api/v1/wards/{wardId}/form", { params: { path: { wardId: ward.id } } })).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
  });
  if (form.data === undefined) return <QueryState query={form} what="mẫu báo cáo" />;
  return <Editor wardId={ward.id} saved={form.data} />;
}

function Editor({ wardId, saved }: { wardId: string; saved: Schemas["Form"] | null }) {
  const queries = useQueryClient();
  const [title, setTitle] = useState(saved?.title ?? "Báo cáo tuần của tổ dân phố");
  const [drafts, setDrafts] = useState<DraftQuestion[]>(() => (saved ? toDrafts(saved.questions) : [emptyQuestion()]));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [removing, setRemoving] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT("/api/v1/wards/{wardId}/form", { params: { path: { wardId } }, body: { title: title.trim(), roles: saved?.roles ?? ["leader"], questions: toQuestions(drafts) } })),
    onSuccess: (form) => {
      setErrors({});
      // What was saved, with the keys the server now knows, stays on screen.
      setDrafts((current) => current.map((d, i) => ({ ...d, key: form.questions[i]?.key ?? d.key })));
      setDone(`Đã lưu phiên bản ${form.version} lúc ${formatDateTime(form.createdAt)}. Các kỳ báo cáo mở từ nay dùng phiên bản này; kỳ đang mở giữ phiên bản cũ.`);
      queries.setQueryData(["form", wardId], form);
    },
    // Nothing typed is lost: the drafts stay, each problem is shown next to its field.
    onError: (e) => setErrors(fieldErrors(e)),
  });
  const update = (i: number, q: DraftQuestion) => setDrafts((list) => list.map((d, j) => (j === i ? q : d)));
  const submit = () => {
    setDone(null);
    const problems = checkDrafts(title, drafts);
    setErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const removed = removing === null ? undefined : drafts[removing];
  return (
    <div className="editor-layout">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <p className="muted">{saved ? `Đang dùng phiên bản ${saved.version} (lưu lúc ${formatDateTime(saved.createdAt)}).` : "Phường chưa có mẫu báo cáo: soạn các câu hỏi rồi lưu."}</p>
        <Field label="Tên mẫu báo cáo" error={errors.title}>
          {(c) => <input {...c} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />}
        </Field>
        {drafts.map((q, i) => (
          <QuestionEditor
            key={q.uid}
            index={i}
            count={drafts.length}
            question={q}
            earlier={drafts.slice(0, i)}
            errors={errors}
            onChange={(next) => update(i, next)}
            onMove={(by) => setDrafts((list) => moved(list, i, by))}
            onRemove={() => setRemoving(i)}
          />
        ))}
        <div className="row">
          <button type="button" className="secondary" onClick={() => setDrafts((list) => [...list, emptyQuestion()])}>
            Thêm câu hỏi
          </button>
          <button type="submit" disabled={save.isPending}>
            Lưu mẫu báo cáo
          </button>
        </div>
        {errors.form && (
          <p className="error" role="alert">
            {errors.form}
          </p>
        )}
        {Object.keys(errors).some((k) => k !== "form") && (
          <p className="error" role="alert">
            Chưa lưu: xin sửa các ô được đánh dấu.
          </p>
        )}
        {done && (
          <p className="success" role="status">
            {done}
          </p>
        )}
      </form>
      <ChatPreview drafts={drafts} />
      {removed && (
        <ConfirmDialog
          title={`Xoá câu ${removing! + 1}?`}
          confirm={`Xoá câu ${removing! + 1}`}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            // Questions that depended on it are asked always from now on.
            setDrafts((list) => list.filter((d) => d.uid !== removed.uid).map((d) => (d.showIfUid === removed.uid ? { ...d, showIfUid: "", showIfEquals: "" } : d)));
            setRemoving(null);
          }}
        >
          <p>
            Câu “{removed.text || "(chưa có nội dung)"}” sẽ bị bỏ khỏi mẫu khi bạn bấm “Lưu mẫu báo cáo”. Các kỳ báo cáo đã mở vẫn giữ câu này; câu nào chỉ hỏi khi dựa vào câu này sẽ được hỏi luôn.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
