import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { api, ApiError, errorText, unwrap } from "../api/client";
import { Field, TableWrap } from "../ui";
import { groupsKey, membersKey } from "./groups";

const EXAMPLE = "Tổ,Vai trò,Họ tên,Số điện thoại\nTổ dân phố số 1,Tổ trưởng,Nguyễn Văn An,0912345678";
/** The server refuses more than this; said before sending a file that cannot go. */
const MAX_BYTES = 2 * 1024 * 1024;

interface LineError {
  line: number;
  message: string;
}

/**
 * People from a CSV file, all or nothing: when any line is wrong nothing is saved, and the file is
 * shown line by line with each problem next to its line number.
 */
export function ImportPeople({ wardId }: { wardId: string }) {
  const queries = useQueryClient();
  const [text, setText] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const [rejected, setRejected] = useState<{ lines: string[]; errors: LineError[] } | null>(null);
  const run = useMutation({
    mutationFn: (csv: string) =>
      unwrap(
        api.POST("/api/v1/wards/{wardId}/members/import", {
          params: { path: { wardId } },
          body: csv,
          bodySerializer: (body: string) => body,
          headers: { "content-type": "text/csv; charset=utf-8" },
        }),
      ),
    onMutate: () => setRejected(null),
    onSuccess: () => Promise.all([queries.invalidateQueries({ queryKey: membersKey(wardId) }), queries.invalidateQueries({ queryKey: groupsKey(wardId) })]),
    onError: (e, csv) => {
      if (e instanceof ApiError && e.status === 400 && Array.isArray(e.details))
        setRejected({ lines: csv.split(/\r?\n/), errors: e.details as LineError[] });
    },
  });

  async function pick(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) return setFileError("Tệp lớn hơn 2 MB: xin chia nhỏ tệp.");
    setText((await file.text()).replace(/^\uFEFF/, ""));
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return setFileError("Xin chọn tệp CSV hoặc dán nội dung vào ô bên dưới.");
    setFileError(null);
    run.mutate(text);
  }

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="nhap-csv">
      <h2 id="nhap-csv">Nhập danh sách từ tệp CSV</h2>
      <p>
        Tệp CSV (UTF-8) có dòng tiêu đề: <strong>Tổ, Vai trò, Họ tên, Số điện thoại</strong>. Tổ chưa có sẽ được tạo. Nếu có dòng sai, <strong>chưa có gì được lưu</strong>: sửa các dòng được chỉ ra rồi nhập lại.
      </p>
      <Field label="Tệp CSV" error={fileError}>
        {(c) => <input {...c} type="file" accept=".csv,text/csv" onChange={pick} />}
      </Field>
      <Field label="Nội dung CSV" hint={`Ví dụ:\n${EXAMPLE}`}>
        {(c) => <textarea {...c} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} placeholder={EXAMPLE} />}
      </Field>
      <button type="submit" disabled={run.isPending}>
        {run.isPending ? "Đang kiểm tra…" : "Kiểm tra và nhập"}
      </button>
      <div role="status">
        {run.isSuccess && (
          <p className="success">
            Đã nhập {run.data.created} người{run.data.groupsCreated ? `, tạo thêm ${run.data.groupsCreated} tổ` : ""}
            {run.data.skipped ? `, bỏ qua ${run.data.skipped} dòng đã có` : ""}.
          </p>
        )}
      </div>
      {run.isError && !rejected && (
        <p className="error" role="alert">
          {errorText(run.error)}
        </p>
      )}
      {rejected && <RejectedLines {...rejected} />}
    </form>
  );
}

function RejectedLines({ lines, errors }: { lines: string[]; errors: LineError[] }) {
  const byLine = new Map<number, string[]>();
  for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.message]);
  const shown = lines.map((content, i) => ({ line: i + 1, content })).filter((l) => l.content.trim() || byLine.has(l.line));
  return (
    <div role="alert">
      <p className="error">
        Tệp có {byLine.size} dòng sai; chưa có gì được lưu. Sửa các dòng dưới đây rồi bấm “Kiểm tra và nhập” lại.
      </p>
      <TableWrap label="Các dòng của tệp và lỗi">
        <table aria-label="Các dòng của tệp và lỗi">
          <thead>
            <tr>
              <th scope="col">Dòng</th>
              <th scope="col">Nội dung</th>
              <th scope="col">Lỗi</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => (
              <tr key={l.line} className={byLine.has(l.line) ? "bad-line" : undefined}>
                <td>{l.line}</td>
                <td>
                  <code>{l.content}</code>
                </td>
                <td className="error">{byLine.get(l.line)?.join(" ") ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
