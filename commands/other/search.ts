import { defineCommand } from "../../lib/command.ts";
import {
  type AssetSearchResult,
  searchAssets,
  searchCatalogObjects,
  type SearchResult,
} from "../../lib/api/search.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { type Column, note, printJson, say, table } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";
import { noteRootSessionTenant } from "./shared.ts";

interface Flags extends PagingFlags {
  catalog?: string;
}

const DEFAULT_LIMIT = 50;

/** `search`: finds catalogs, namespaces, assets and branches by name, or assets of a catalog. */
export const searchCommand = defineCommand({
  docs: {
    brief: "Search catalogs, namespaces, assets and branches by name",
    fullDescription: [
      "Without --catalog, searches the names of catalogs, namespaces, assets and branches",
      "(case-insensitive substring; shortest names first). With --catalog, searches that",
      "catalog's assets only, and the query must not be empty. Shows 50 results unless --limit",
      "or --all says otherwise. Tenant users see only what they may access; root searches the",
      "default tenant only (the server uses the session's own tenant).",
      "",
      "Examples:",
      "  pangolin-admin search orders",
      "  pangolin-admin search orders --catalog sales --all",
    ].join("\n"),
  },
  parameters: {
    flags: {
      catalog: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "Search only this catalog's assets",
        placeholder: "name",
      },
      ...pagingFlags,
    },
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Text to look for in names", parse: String, placeholder: "query" }],
    },
  },
  func: async function (this: Context, flags: Flags, query: string): Promise<void> {
    const p = pagingOf(flags);
    if (flags.catalog !== undefined && query.trim() === "") {
      throw new UsageError("The asset search (--catalog) needs a non-empty query");
    }
    const paging = { limit: p.limit ?? DEFAULT_LIMIT, offset: p.offset ?? 0, all: !!p.all };
    const { session, api } = await connect(this);
    noteRootSessionTenant(this, session, "search covers");
    if (flags.catalog === undefined) {
      const results = await searchCatalogObjects(api, query, paging);
      if (this.globals.json) {
        printJson(this, results);
        return;
      }
      if (results.length === 0) {
        say(this, `No results found for '${query}'`);
        return;
      }
      const columns: Column<SearchResult>[] = [
        { header: "Kind", cell: (r) => r.kind },
        { header: "Name", cell: (r) => r.name },
        { header: "Context", cell: (r) => r.context ?? "-" },
        { header: "ID", kind: "id", cell: (r) => r.id ?? "-" },
        { header: "Description", cell: (r) => r.description ?? "-" },
      ];
      say(this, table(this, results, columns));
      return;
    }
    const page = await searchAssets(api, query, flags.catalog, paging);
    if (this.globals.json) {
      printJson(this, page.results);
      return;
    }
    if (page.results.length === 0) {
      say(this, `No assets found for '${query}' in catalog ${flags.catalog}`);
      return;
    }
    const columns: Column<AssetSearchResult>[] = [
      { header: "Name", cell: (r) => r.name },
      { header: "Namespace", cell: (r) => r.namespace.join(".") },
      { header: "Catalog", cell: (r) => r.catalog },
      { header: "Type", cell: (r) => r.asset_type },
      { header: "Access", cell: (r) => (r.has_access ? "yes" : "no") },
      { header: "ID", kind: "id", cell: (r) => r.id },
    ];
    say(this, table(this, page.results, columns));
    const shown = paging.offset + page.results.length;
    if (!paging.all && shown < page.total) {
      note(
        this,
        `Showing ${page.results.length} of ${page.total} assets; --offset or --all shows more.`,
      );
    }
  },
});
