import type { StaticGroup as Group } from "../../lib/help.ts";
import { catalogSummaryCommand } from "./catalog_summary.ts";
import { createCatalogCommand } from "./create_catalog.ts";
import { deleteCatalogCommand } from "./delete_catalog.ts";
import { listCatalogsCommand } from "./list_catalogs.ts";
import { listNamespaceTreeCommand } from "./list_namespace_tree.ts";
import { updateCatalogCommand } from "./update_catalog.ts";

/** Catalogs. */
export const group: Group = {
  title: "Catalogs",
  commands: {
    "list-catalogs": listCatalogsCommand,
    "create-catalog": createCatalogCommand,
    "update-catalog": updateCatalogCommand,
    "delete-catalog": deleteCatalogCommand,
    "catalog-summary": catalogSummaryCommand,
    "list-namespace-tree": listNamespaceTreeCommand,
  },
};
