/**
 * JSON.parse for Zalo's bodies, keeping big ids exact. Zalo documents its ids as quoted strings
 * (JSON.parse keeps those as they are), but an id ever sent unquoted (an integer beyond 2^53)
 * would silently become a different float: such integers are turned into strings before
 * parsing. Strings, floats and small numbers are untouched.
 */
export function parseJsonKeepingBigIds(text: string): unknown {
  return JSON.parse(quoteBigIntegers(text));
}

/** Integers of 16 digits or more outside strings, in quotes (2^53 has 16 digits). */
export function quoteBigIntegers(text: string): string {
  let out = "";
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (inString) {
      out += ch;
      if (ch === "\\") {
        out += text[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      let j = i + 1;
      while (j < text.length && /[0-9.eE+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      out += /^-?\d{16,}$/.test(token) ? `"${token}"` : token;
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}
