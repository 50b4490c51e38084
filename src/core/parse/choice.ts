/** Picking one of a question's options by number, label or the start of a label. */
import { foldVietnamese } from "../text.js";
import { EMPTY, dropEndPunctuation, fail, guarded, ok, quote, tidy, type ParseResult } from "./shared.js";

function listOptions(options: string[]): string {
  return `Xin chọn một trong: ${options.map((o, i) => `${i + 1}. ${tidy(o)}`).join(", ")}`;
}

/** The single index for which `matches` holds, "many", or null. */
function uniqueIndex(options: string[], matches: (option: string) => boolean): number | "many" | null {
  let found: number | null = null;
  for (let i = 0; i < options.length; i++) {
    if (!matches(options[i]!)) continue;
    if (found !== null) return "many";
    found = i;
  }
  return found;
}

/**
 * One of `options`, returned exactly as written there: by its number ("1", "1.", "số 1"), by its
 * label ("Ổn định", "on dinh"), or by the start of a label when only one option starts so
 * ("co vu" → "Có vụ việc", at least two letters). When a number is both an option's position and
 * another option's label, or the text fits several options, the options are listed again.
 */
export function parseChoice(text: string, options: string[]): ParseResult<string> {
  const opts = Array.isArray(options) ? options.filter((o): o is string => typeof o === "string") : [];
  return guarded(listOptions(opts), () => {
    if (opts.length === 0) return fail("Câu hỏi này chưa có lựa chọn nào.");
    const input = tidy(text);
    if (!input) return fail(`${EMPTY} ${listOptions(opts)}`);
    const bare = (s: string) => foldVietnamese(dropEndPunctuation(tidy(s)));
    const folded = bare(input);

    // By label: exactly, then ignoring case, then ignoring diacritics too.
    let byLabel: number | "many" | null = uniqueIndex(opts, (o) => tidy(o) === input);
    if (byLabel === null) byLabel = uniqueIndex(opts, (o) => tidy(o).toLowerCase() === input.toLowerCase());
    if (byLabel === null && folded) byLabel = uniqueIndex(opts, (o) => bare(o) === folded);

    // By position.
    // "1", "1.", "1)", "số 1", and with a mark at the end as any answer may have ("1!").
    const numbered = /^(?:so|lua chon|chon)?\s*(\d{1,4})\s*[.)]?$/.exec(foldVietnamese(dropEndPunctuation(input)));
    let byNumber: number | null = null;
    if (numbered) {
      const n = Number(numbered[1]);
      if (n >= 1 && n <= opts.length) byNumber = n - 1;
      else if (byLabel === null) return fail(`Không có lựa chọn số ${n}. ${listOptions(opts)}`);
    }

    if (byLabel === "many") return fail(`${quote(input)} khớp với nhiều lựa chọn. ${listOptions(opts)}`);
    if (byLabel !== null && byNumber !== null && byLabel !== byNumber)
      return fail(`Chưa rõ ${quote(input)} là số thứ tự hay tên lựa chọn. ${listOptions(opts)}`);
    const chosen = byLabel ?? byNumber;
    if (chosen !== null) return ok(opts[chosen]!);

    // By the start of a label.
    if (folded.length >= 2) {
      const byPrefix = uniqueIndex(opts, (o) => bare(o).startsWith(folded));
      if (byPrefix === "many") return fail(`${quote(input)} khớp với nhiều lựa chọn. ${listOptions(opts)}`);
      if (byPrefix !== null) return ok(opts[byPrefix]!);
    }
    return fail(listOptions(opts));
  });
}
