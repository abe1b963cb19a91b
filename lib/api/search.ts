/** The two search routes (pangolin-api.md 5.14.2, 5.14.3); both use the session tenant. */
import { ApiError } from "../errors.ts";
import type { ApiClient, Paging } from "./client.ts";

/** A hit of the unified search: a catalog, namespace, asset or branch. */
export interface SearchResult {
  id: string | null;
  name: string;
  kind: string;
  description: string | null;
  context: string | null;
}

/** A hit of the asset search. */
export interface AssetSearchResult {
  id: string;
  name: string;
  namespace: string[];
  catalog: string;
  asset_type: string;
  has_access: boolean;
}

function resultsOf<T>(what: string, reply: unknown): T[] {
  const results = (reply as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) {
    throw new ApiError(what, 200, "the reply is JSON but has no results list", {
      unexpected: true,
    });
  }
  return results as T[];
}

async function unifiedPage(api: ApiClient, q: string, limit: number): Promise<SearchResult[]> {
  const what = "search";
  return resultsOf(what, await api.call(what, "GET", "/api/v1/search", { query: { q, limit } }));
}

const EVERYTHING_CAP = 10_000_000;

/**
 * GET /api/v1/search?q=&limit=: catalogs, namespaces, assets and branches whose name contains
 * `q`, shortest names first. The route has `limit` only (absent or 0 means 20) and no offset, so
 * the offset is applied here, and "everything" asks again with a larger limit until the answer
 * is shorter than asked.
 */
export async function searchCatalogObjects(
  api: ApiClient,
  q: string,
  paging: Required<Pick<Paging, "limit" | "offset">> & { all: boolean },
): Promise<SearchResult[]> {
  if (!paging.all) {
    // limit=0 would mean 20 to the server; ask for at least one and cut here.
    const rows = await unifiedPage(api, q, Math.max(1, paging.offset + paging.limit));
    return rows.slice(paging.offset, paging.offset + paging.limit);
  }
  for (let size = 1000;; size *= 10) {
    const rows = await unifiedPage(api, q, size);
    if (rows.length < size || size >= EVERYTHING_CAP) return rows.slice(paging.offset);
  }
}

/** One page of the asset search, with the server's total. */
export interface AssetSearchPage {
  results: AssetSearchResult[];
  total: number;
}

/**
 * GET /api/v1/search/assets?q=&catalog=&limit=&offset= (limit default 50): assets only, with a
 * total. With `all`, pages of `limit` are read until the total is reached or a page is short.
 */
export async function searchAssets(
  api: ApiClient,
  q: string,
  catalog: string | undefined,
  paging: Required<Pick<Paging, "limit" | "offset">> & { all: boolean },
): Promise<AssetSearchPage> {
  const what = "search assets";
  const page = async (limit: number, offset: number) => {
    const reply = await api.call<{ total?: unknown }>(what, "GET", "/api/v1/search/assets", {
      query: { q, catalog, limit, offset },
    });
    const results = resultsOf<AssetSearchResult>(what, reply);
    const total = typeof reply.total === "number" ? reply.total : results.length;
    return { results, total };
  };
  if (!paging.all) return await page(paging.limit, paging.offset);
  const size = Math.max(1, paging.limit);
  const results: AssetSearchResult[] = [];
  let offset = paging.offset;
  let total = 0;
  for (;;) {
    const p = await page(size, offset);
    results.push(...p.results);
    total = p.total;
    offset += p.results.length;
    if (p.results.length < size || offset >= total) break;
  }
  return { results, total };
}
