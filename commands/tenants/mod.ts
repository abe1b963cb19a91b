import type { StaticGroup as Group } from "../../lib/help.ts";
import { createTenantCommand } from "./create_tenant.ts";
import { deleteTenantCommand } from "./delete_tenant.ts";
import { listTenantsCommand } from "./list_tenants.ts";
import { updateTenantCommand } from "./update_tenant.ts";

/** Tenants. */
export const group: Group = {
  title: "Tenants",
  commands: {
    "list-tenants": listTenantsCommand,
    "create-tenant": createTenantCommand,
    "update-tenant": updateTenantCommand,
    "delete-tenant": deleteTenantCommand,
  },
};
