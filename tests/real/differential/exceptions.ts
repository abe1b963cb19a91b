/**
 * Where the double deliberately answers otherwise than the real server, step by step (or
 * `prefix*`), with the route and the reason. Mirrors the list in tests/server/README.md. An
 * entry whose steps all agree again fails the run, so the table cannot outlive the difference
 * it excuses.
 */
import type { Exception } from "./engine.ts";

/** The one table of deliberate differences. */
export const EXCEPTIONS: readonly Exception[] = [
  {
    step: "fed.test",
    route: "POST /api/v1/federated-catalogs/{name}/test",
    reason: "the double never connects out: every uri whose host is not under .invalid " +
      "'connects' (200); the real server forwards GET <uri>/v1/<name>/namespaces and answers " +
      "503 when that fails",
  },
];
