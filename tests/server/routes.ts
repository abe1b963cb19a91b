// The real Pangolin router's complete route table (spec Appendix A plus the Iceberg REST
// routes), whether the double simulates them or not, and a matcher that behaves like axum's:
// exact paths (a trailing slash is another path), static segments beat parameters with
// backtracking, a matched path with the wrong method is 405, and GET routes also answer HEAD.

/** `METHOD /pattern` keys; `{name}` is a parameter, `{*name}` a catch-all. */
function managementRoutes(): string[] {
  const r: string[] = [];
  const add = (methods: string, path: string) => {
    for (const m of methods.split(",")) r.push(`${m} ${path}`);
  };
  add("GET", "/health");
  add("GET", "/health/live");
  add("GET", "/health/ready");
  add("GET", "/metrics");
  add("GET", "/swagger-ui");
  add("GET", "/swagger-ui/{*rest}");
  add("GET", "/api-docs/openapi.json");
  add("POST", "/api/v1/users/login");
  add("POST", "/api/v1/users/logout");
  add("GET", "/api/v1/users/me");
  add("GET", "/api/v1/app-config");
  add("GET", "/api/v1/oauth/providers");
  add("POST", "/api/v1/oauth/exchange");
  add("GET", "/oauth/authorize/{provider}");
  add("GET", "/oauth/callback/{provider}");
  add("POST", "/api/v1/iceberg/{prefix}/oauth/tokens");
  add("POST", "/api/v1/iceberg/{prefix}/v1/oauth/tokens");
  add("POST", "/api/v1/tokens");
  add("POST", "/api/v1/tokens/rotate");
  add("DELETE", "/api/v1/tokens/{token_id}");
  add("POST", "/api/v1/auth/revoke");
  add("POST", "/api/v1/auth/revoke/{token_id}");
  add("POST", "/api/v1/auth/cleanup-tokens");
  add("GET", "/api/v1/users/me/tokens");
  add("GET", "/api/v1/users/{id}/tokens");
  add("GET,POST", "/api/v1/users");
  add("GET,PUT,DELETE", "/api/v1/users/{id}");
  add("GET,POST", "/api/v1/users/{id}/roles");
  add("DELETE", "/api/v1/users/{id}/roles/{role_id}");
  add("GET,POST", "/api/v1/tenants");
  add("GET,PUT,DELETE", "/api/v1/tenants/{id}");
  add("GET,POST", "/api/v1/service-users");
  add("GET,PUT,DELETE", "/api/v1/service-users/{id}");
  add("POST", "/api/v1/service-users/{id}/rotate");
  add("GET,POST", "/api/v1/warehouses");
  add("GET,PUT,DELETE", "/api/v1/warehouses/{name}");
  add("GET", "/api/v1/warehouses/{name}/credentials");
  add("GET,POST", "/api/v1/catalogs");
  add("GET,PUT,DELETE", "/api/v1/catalogs/{name}");
  add("GET", "/api/v1/catalogs/{name}/summary");
  add("GET", "/api/v1/catalogs/{name}/namespaces/tree");
  add("GET", "/api/v1/catalogs/{name}/merge-operations");
  add("GET,POST", "/api/v1/catalogs/{name}/namespaces/{namespace}/assets");
  add("GET", "/api/v1/catalogs/{name}/namespaces/{namespace}/assets/{asset}");
  add("GET,POST", "/api/v1/federated-catalogs");
  add("GET,DELETE", "/api/v1/federated-catalogs/{name}");
  add("POST", "/api/v1/federated-catalogs/{name}/test");
  add("POST", "/api/v1/federated-catalogs/{name}/sync");
  add("GET", "/api/v1/federated-catalogs/{name}/stats");
  add("GET,POST", "/api/v1/roles");
  add("GET,PUT,DELETE", "/api/v1/roles/{id}");
  add("GET,POST", "/api/v1/permissions");
  add("DELETE", "/api/v1/permissions/{id}");
  add("GET,POST,DELETE", "/api/v1/assets/{id}/metadata");
  add("GET,DELETE", "/api/v1/business-metadata/{id}");
  add("GET", "/api/v1/assets/search");
  add("GET", "/api/v1/assets/{id}");
  add("POST", "/api/v1/assets/{id}/access-requests");
  add("GET", "/api/v1/access-requests");
  add("GET,PUT", "/api/v1/access-requests/{id}");
  add("GET", "/api/v1/audit");
  add("GET", "/api/v1/audit/count");
  add("GET", "/api/v1/audit/{event_id}");
  add("GET,PUT", "/api/v1/config/settings");
  add("GET", "/api/v1/merge-operations/{id}");
  add("GET", "/api/v1/merge-operations/{id}/conflicts");
  add("POST", "/api/v1/merge-operations/{id}/complete");
  add("POST", "/api/v1/merge-operations/{id}/abort");
  add("POST", "/api/v1/conflicts/{id}/resolve");
  add("GET", "/api/v1/dashboard/stats");
  add("GET", "/api/v1/search");
  add("GET", "/api/v1/search/assets");
  add("POST", "/api/v1/bulk/assets/delete");
  add("POST", "/api/v1/validate/names");
  add("GET,POST", "/api/v1/branches");
  add("GET,DELETE", "/api/v1/branches/{name}");
  add("GET", "/api/v1/branches/{name}/commits");
  add("POST", "/api/v1/branches/merge");
  add("POST", "/api/v1/branches/{name}/rebase");
  add("GET,POST", "/api/v1/tags");
  add("DELETE", "/api/v1/tags/{name}");
  // Iceberg REST catalog, mounted at /v1/{prefix} and mirrored at /v1/{prefix}/v1.
  add("GET", "/v1/config");
  for (const base of ["/v1/{prefix}", "/v1/{prefix}/v1"]) {
    add("GET", `${base}/config`);
    add("POST", `${base}/oauth/tokens`);
    add("GET,POST", `${base}/namespaces`);
    add("GET,HEAD,DELETE", `${base}/namespaces/{namespace}`);
    add("POST", `${base}/namespaces/{namespace}/properties`);
    add("GET,POST", `${base}/namespaces/{namespace}/tables`);
    add("GET,POST,DELETE,HEAD", `${base}/namespaces/{namespace}/tables/{table}`);
    add("GET", `${base}/namespaces/{namespace}/tables/{table}/credentials`);
    add("GET", `${base}/namespaces/{namespace}/tables/{table}/presign`);
    add("POST", `${base}/namespaces/{namespace}/tables/{table}/maintenance`);
    add("POST", `${base}/namespaces/{namespace}/tables/{table}/metrics`);
    add("POST", `${base}/tables/rename`);
    add("GET,POST", `${base}/namespaces/{namespace}/views`);
    add("GET,POST,DELETE,HEAD", `${base}/namespaces/{namespace}/views/{view}`);
    add("POST", `${base}/views/rename`);
  }
  return r;
}

/** Every `METHOD /pattern` the real router answers. */
export const REAL_ROUTES: readonly string[] = managementRoutes();

interface Pattern {
  pattern: string;
  segs: string[];
  methods: Set<string>;
}

/** Result of routing one request path. */
export type RouteMatch =
  | { kind: "none" }
  | { kind: "method"; pattern: string; allow: string[] }
  | { kind: "found"; pattern: string; key: string; params: Record<string, string> };

/** A matcher over the real route table. */
export class Router {
  #patterns: Pattern[] = [];

  constructor(routes: readonly string[]) {
    const byPattern = new Map<string, Pattern>();
    for (const route of routes) {
      const space = route.indexOf(" ");
      const method = route.slice(0, space);
      const pattern = route.slice(space + 1);
      let p = byPattern.get(pattern);
      if (!p) {
        p = { pattern, segs: pattern.split("/").slice(1), methods: new Set() };
        byPattern.set(pattern, p);
        this.#patterns.push(p);
      }
      p.methods.add(method);
    }
  }

  /** Routes a raw (still percent-encoded) path and method. */
  match(method: string, rawPath: string): RouteMatch {
    const segs = rawPath.split("/").slice(1);
    let best: { p: Pattern; rank: number[]; params: Record<string, string> } | null = null;
    for (const p of this.#patterns) {
      const m = matchSegs(p.segs, segs);
      if (!m) continue;
      if (!best || compareRank(m.rank, best.rank) > 0) best = { p, ...m };
    }
    if (!best) return { kind: "none" };
    const { p, params } = best;
    const allowed = p.methods.has(method) || (method === "HEAD" && p.methods.has("GET"));
    if (!allowed) {
      const allow = [...p.methods];
      if (p.methods.has("GET") && !p.methods.has("HEAD")) allow.push("HEAD");
      return { kind: "method", pattern: p.pattern, allow };
    }
    const keyMethod = p.methods.has(method) ? method : "GET";
    return { kind: "found", pattern: p.pattern, key: `${keyMethod} ${p.pattern}`, params };
  }
}

function matchSegs(
  pattern: string[],
  segs: string[],
): { rank: number[]; params: Record<string, string> } | null {
  const params: Record<string, string> = {};
  const rank: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const pat = pattern[i];
    if (pat.startsWith("{*")) {
      if (i >= segs.length) return null;
      params[pat.slice(2, -1)] = decodeSegment(segs.slice(i).join("/"));
      rank.push(0);
      return { rank, params };
    }
    if (i >= segs.length) return null;
    const seg = segs[i];
    if (pat.startsWith("{")) {
      // Parameters never match an empty segment (so `//` and trailing slashes fall through).
      if (seg === "") return null;
      params[pat.slice(1, -1)] = decodeSegment(seg);
      rank.push(1);
    } else {
      if (seg !== pat) return null;
      rank.push(2);
    }
  }
  return segs.length === pattern.length ? { rank, params } : null;
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

function decodeSegment(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** Whether the auth middleware lets a path through without credentials (spec 2.2). */
export function isPublicPath(rawPath: string): boolean {
  // Matched on whole segments, ignoring repeated and trailing slashes.
  const s = rawPath.split("/").filter((x) => x !== "");
  const is = (...want: (string | null)[]) =>
    s.length === want.length && want.every((w, i) => w === null || w === s[i]);
  if (s[0] === "swagger-ui" || s[0] === "api-docs") return true;
  return is("health") || is("health", "live") || is("health", "ready") || is("metrics") ||
    is("api", "v1", "users", "login") || is("api", "v1", "app-config") ||
    is("v1", "config") || is("v1", null, "config") || is("v1", null, "v1", "config") ||
    is("v1", null, "oauth", "tokens") || is("v1", null, "v1", "oauth", "tokens") ||
    is("api", "v1", "iceberg", null, "oauth", "tokens") ||
    is("api", "v1", "iceberg", null, "v1", "oauth", "tokens") ||
    is("oauth", "authorize", null) || is("oauth", "callback", null) ||
    is("api", "v1", "oauth", "exchange") || is("api", "v1", "oauth", "providers");
}
