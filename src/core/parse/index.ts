/**
 * Reading answers the way Vietnamese group leaders type them: with or without diacritics, any
 * case, extra spaces, "." grouping thousands and "," as the decimal mark, money as "2tr5" or
 * "500k". Every parser is pure and never throws; a refusal carries a short, polite Vietnamese
 * `reason` that the conversation shows before asking the question again. When an input could
 * mean two different numbers ("12.5", "2tr50") it is refused rather than guessed.
 *
 * One rule holds for all of them (readWhole in shared.ts): a reply is accepted only when every
 * word of it was understood. "khoảng 5", "5-6", "hơn 10", "12 kg" for a count of households are
 * asked again with the reason and an example, never read as the number at their start.
 */
export type { ParseResult } from "./shared.js";
export { parseInteger, parseDecimal, type NumberOptions } from "./numbers.js";
export { parseMoney, plausibleAmounts } from "./money.js";
export { parseYesNo } from "./yes-no.js";
export { parseChoice } from "./choice.js";
export { parseDate } from "./date.js";
