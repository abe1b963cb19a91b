/**
 * Generators of the usual bad requests for a route: missing and bad credentials, bad bodies,
 * bad paging. Each step's id is `<prefix>.<case>`.
 */
import type { Step } from "./engine.ts";

/** No credentials, a revoked token, and a token that is not a JWT. */
export function authCases(
  prefix: string,
  method: string,
  path: string,
  extra: Partial<Step> = {},
): Step[] {
  return [
    { ...extra, id: `${prefix}.no-credentials`, method, path, as: "none" },
    { ...extra, id: `${prefix}.revoked-token`, method, path, as: "revoked" },
    { ...extra, id: `${prefix}.garbage-token`, method, path, as: "garbage" },
  ];
}

/**
 * A JSON route's bad bodies, built from a good one: an unknown field, no content type, a
 * text/plain content type, broken JSON, an empty body, and an array where an object belongs.
 */
export function bodyCases(
  prefix: string,
  method: string,
  path: string,
  as: string,
  good: Record<string, unknown>,
): Step[] {
  const raw = JSON.stringify(good);
  return [
    { id: `${prefix}.unknown-field`, method, path, as, body: { ...good, zz_unknown: 1 } },
    { id: `${prefix}.no-content-type`, method, path, as, raw },
    { id: `${prefix}.text-content-type`, method, path, as, raw, contentType: "text/plain" },
    {
      id: `${prefix}.broken-json`,
      method,
      path,
      as,
      raw: '{"a":',
      contentType: "application/json",
    },
    { id: `${prefix}.empty-body`, method, path, as, raw: "", contentType: "application/json" },
    { id: `${prefix}.array-body`, method, path, as, body: [good] },
  ];
}

/** `limit` and `offset`: 0, 1, huge, negative, not a number, overflowing. */
export function pagingCases(
  prefix: string,
  path: string,
  as: string,
  extra: Partial<Step> = {},
): Step[] {
  const cases: Array<[string, string]> = [
    ["limit-0", "limit=0"],
    ["limit-1", "limit=1"],
    ["offset-1", "limit=1&offset=1"],
    ["offset-only", "offset=1"],
    ["limit-huge", "limit=1000000"],
    ["offset-huge", "offset=1000000"],
    ["limit-negative", "limit=-1"],
    ["offset-negative", "offset=-1"],
    ["limit-word", "limit=ten"],
    ["offset-empty", "offset="],
    ["limit-overflow", "limit=99999999999999999999"],
    ["unknown-param", "page=2"],
  ];
  return cases.map(([name, query]) => ({
    ...extra,
    id: `${prefix}.${name}`,
    method: "GET",
    path,
    query,
    as,
    lengths: true,
  }));
}
