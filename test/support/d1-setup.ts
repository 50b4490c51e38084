import { afterAll } from "vitest";
import { disposeInstance, openInstances } from "./d1.js";

/**
 * The "d1" project's setup file: whatever a test file left open (a client it never
 * disconnected) is stopped after the file, so no workerd outlives its tests.
 */
afterAll(async () => {
  await Promise.all([...openInstances].map(disposeInstance));
});
