/**
 * Reading answers the way Vietnamese group leaders type them: with or without diacritics, any
 * case, extra spaces, "." grouping thousands and "," as the decimal mark, money as "2tr5" or
 * "500k". Every parser is pure and never throws; a refusal carries a short, polite Vietnamese
 * `reason` that the conversation shows before asking the question again. When an input could
 * mean two different numbers ("12.5", "2tr50") it is refused rather than guessed.
 */
export type { ParseResult } from "./shared.js";
export { parseInteger, parseDecimal } from "./numbers.js";
export { parseMoney } from "./money.js";
export { parseYesNo } from "./yes-no.js";
export { parseChoice } from "./choice.js";
export { parseDate } from "./date.js";
