/** Yes/no answers, with the politeness particles around them. */
import { EMPTY, guarded, readWhole, tidy, type ParseResult } from "./shared.js";

const PUNCTUATION = /^[.,!?;:…"'“”()]$/;
const YES_NO_ASK = "Xin trả lời Có hoặc Không.";
const YES = new Set(["co", "c", "yes", "y", "1", "dung", "dung roi", "dung vay", "co roi", "vang", "da", "u", "ok", "oke", "okay"]);
const NO = new Set([
  "khong", "ko", "k", "kg", "kh", "hok", "hong", "khong co", "ko co", "k co", "kg co",
  "0", "no", "n", "chua", "chua co", "khong phai",
]);
/** Politeness around the answer: "dạ có", "vâng, không", "có ạ", "không nhé". */
const LEADING_PARTICLES = new Set(["da", "vang", "u"]);
const TRAILING_PARTICLES = new Set(["a", "ah", "nhe", "nha", "nhen", "ha"]);

/**
 * Yes: "có", "co", "c", "có ạ", "dạ có", "yes", "y", "1", "đúng", "vâng", "ok".
 * No: "không", "khong", "ko", "k", "kg", "không có", "0", "no", "n", "chưa".
 * A bare "rồi" is not read as yes (it answers "đã … chưa?" but not every question); "có rồi" is.
 */
export function parseYesNo(text: string): ParseResult<boolean> {
  return guarded(YES_NO_ASK, () =>
    readWhole<boolean>(tidy(text), YES_NO_ASK, (all) => {
      // Punctuation is understood as such: "vâng, không", "có!".
      const words = all.map((w) => w.folded).filter((w) => !PUNCTUATION.test(w));
      if (words.length === 0) return { reason: `${EMPTY} ${YES_NO_ASK}` };
      while (words.length > 1 && TRAILING_PARTICLES.has(words[words.length - 1]!)) words.pop();
      while (words.length > 1 && LEADING_PARTICLES.has(words[0]!)) words.shift();
      // The answer is the whole phrase left: "có không" is neither.
      const phrase = words.join(" ");
      if (YES.has(phrase)) return { value: true, used: all.length };
      if (NO.has(phrase)) return { value: false, used: all.length };
      return { reason: YES_NO_ASK };
    }, { explain: false }),
  );
}
