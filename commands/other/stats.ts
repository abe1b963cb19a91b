import { defineCommand } from "../../lib/command.ts";
import { type DashboardStats, getDashboardStats } from "../../lib/api/dashboard.ts";
import type { Context } from "../../lib/context.ts";
import { fields, printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

type Count = Exclude<keyof DashboardStats, "scope">;

// What the server leaves at 0 for each scope, whatever the real numbers (api.md 5.14.1).
const NOT_COUNTED: Record<string, readonly Count[]> = {
  system: ["namespaces_count", "tables_count", "users_count", "branches_count"],
  tenant: ["users_count", "branches_count", "tenants_count"],
  user: ["users_count", "branches_count", "tenants_count"],
};

const SCOPES: Record<string, string> = {
  system: "system (every tenant)",
  tenant: "tenant",
  user: "user (what this user can access)",
};

/** `stats`: the dashboard counts for the caller's scope. */
export const statsCommand = defineCommand({
  docs: {
    brief: "Show dashboard statistics",
    fullDescription: [
      "Root gets system-wide counts of tenants, catalogs and warehouses (the server does not",
      "count namespaces, tables, users or branches at that scope); a tenant admin gets its",
      "tenant's catalogs, warehouses, namespaces and tables; a tenant user what it can access.",
      "Counts the server does not make are shown as 'not counted', not as 0.",
      "",
      "Example:",
      "  pangolin-admin stats",
    ].join("\n"),
  },
  parameters: {},
  func: async function (this: Context): Promise<void> {
    const { api } = await connect(this);
    const stats = await getDashboardStats(api);
    if (this.globals.json) {
      printJson(this, stats);
      return;
    }
    const skipped = NOT_COUNTED[stats.scope] ?? [];
    const count = (key: Count) => skipped.includes(key) ? "not counted" : String(stats[key] ?? "-");
    fields(this, [
      ["Scope", SCOPES[stats.scope] ?? stats.scope],
      ["Tenants", count("tenants_count")],
      ["Catalogs", count("catalogs_count")],
      ["Warehouses", count("warehouses_count")],
      ["Namespaces", count("namespaces_count")],
      ["Tables", count("tables_count")],
      ["Users", count("users_count")],
      ["Branches", count("branches_count")],
    ]);
  },
});
