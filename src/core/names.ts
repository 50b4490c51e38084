/**
 * Names of wards, groups, units and people: one way to clean them and one way to compare them,
 * used by every create, update and import path (and the zod `name()` schema of the API).
 */

/**
 * Characters that show nothing: Unicode's format characters (ZWSP U+200B, ZWNJ, ZWJ, the BOM
 * U+FEFF, the soft hyphen U+00AD, bidi marks and embeddings, word joiner, invisible operators…),
 * control characters, the combining grapheme joiner, Hangul fillers and variation selectors.
 * Pasted from Word, Zalo or a web page they make "Tổ 1" and "Tổ\u200B 1" look like one name and
 * store as two. Tabs and line breaks are whitespace, handled below, not removed.
 */
const INVISIBLE = /[\p{Cf}\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u034f\u115f\u1160\u3164\uffa0\ufe00-\ufe0f]/gu;

/**
 * A name as stored: invisible characters dropped, Unicode composed (NFC: "ô" typed as "o" plus
 * a combining circumflex is the same letter as the precomposed one), any run of whitespace
 * (tabs, no-break spaces, ideographic spaces, line breaks) one space, trimmed. A name made only
 * of invisible characters and spaces becomes "" (the schemas reject it as empty).
 */
export function cleanName(text: string): string {
  return text.replace(INVISIBLE, "").normalize("NFC").replace(/\s+/g, " ").trim();
}

/**
 * What two names are compared by for uniqueness: the clean name without case ("TỔ 1" = "tổ 1").
 * Diacritics count: "Tổ" and "Tô" are different words, and "Nguyễn Văn Tuấn" is not "Tuân".
 */
export function nameKey(text: string): string {
  return cleanName(text).toLowerCase().normalize("NFC");
}
