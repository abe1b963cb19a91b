import { defineCommand } from "../../lib/command.ts";
import { type NamespaceNode, namespaceTree } from "../../lib/api/catalogs.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError } from "../../lib/errors.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { Block, printJson, say } from "../../lib/output.ts";
import { resolveByName } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { nameParameter, pageLocally } from "./shared.ts";

/** The tree as indented lines, two spaces a level, each node by its last name segment. */
export function renderTree(nodes: readonly NamespaceNode[], depth = 0): string[] {
  return nodes.flatMap((node) => {
    const name = typeof node.name === "string" ? node.name : String(node.full_path?.at(-1));
    const children = Array.isArray(node.children) ? node.children : [];
    return [`${"  ".repeat(depth)}${name}`, ...renderTree(children, depth + 1)];
  });
}

/** `list-namespace-tree`: a catalog's namespaces as a tree. */
export const listNamespaceTreeCommand = defineCommand({
  docs: {
    brief: "Show a catalog's namespaces as a tree",
    fullDescription: [
      "Prints the catalog's namespaces indented by level. --limit and --offset apply to the",
      "top-level namespaces (the server does not page the tree). The server reports a missing",
      "catalog as 'Namespace does not exist: <catalog>'. For a federated catalog the server",
      "asks the remote catalog.",
      "",
      "Examples:",
      "  pangolin-admin list-namespace-tree sales",
      "  pangolin-admin list-namespace-tree sales --json",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Catalog name", "catalog")] },
    flags: { ...pagingFlags },
  },
  func: async function (this: Context, flags: PagingFlags, input: string): Promise<void> {
    const paging = pagingOf(flags);
    const { session, api } = await connect(this);
    const catalog = (await resolveByName(api, session, "catalog", input)).name;
    let roots: NamespaceNode[];
    try {
      roots = pageLocally((await namespaceTree(api, catalog)).root, paging);
    } catch (err) {
      // GET .../namespaces/tree says "Namespace does not exist: <catalog>" for a missing catalog.
      if (err instanceof ApiError && err.status === 404) {
        throw new ApiError(err.what, 404, err.serverMessage, {
          ...err.options,
          hint: `the catalog '${catalog}' does not exist in this tenant; see ` +
            "pangolin-admin list-catalogs (names are case-sensitive)",
        });
      }
      throw err;
    }
    if (this.globals.json) {
      printJson(this, { root: roots });
      return;
    }
    if (roots.length === 0) {
      say(this, `No namespaces found in catalog ${catalog}`);
      return;
    }
    say(this, new Block(renderTree(roots)));
  },
});
