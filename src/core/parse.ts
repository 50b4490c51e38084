/**
 * Reading answers the way Vietnamese group leaders type them. The parsers live in ./parse/, one
 * file per kind of answer; this file keeps the `parse.js` import path stable.
 */
export * from "./parse/index.js";
