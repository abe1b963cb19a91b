import type { StaticGroup as Group } from "../../lib/help.ts";
import { createFederatedCatalogCommand } from "./create_federated_catalog.ts";
import { deleteFederatedCatalogCommand } from "./delete_federated_catalog.ts";
import { getFederatedStatsCommand } from "./get_federated_stats.ts";
import { listFederatedCatalogsCommand } from "./list_federated_catalogs.ts";
import { syncFederatedCatalogCommand } from "./sync_federated_catalog.ts";
import { testFederatedCatalogCommand } from "./test_federated_catalog.ts";

/** Federated catalogs. */
export const group: Group = {
  title: "Federated catalogs",
  commands: {
    "list-federated-catalogs": listFederatedCatalogsCommand,
    "create-federated-catalog": createFederatedCatalogCommand,
    "delete-federated-catalog": deleteFederatedCatalogCommand,
    "test-federated-catalog": testFederatedCatalogCommand,
    "sync-federated-catalog": syncFederatedCatalogCommand,
    "get-federated-stats": getFederatedStatsCommand,
  },
};
