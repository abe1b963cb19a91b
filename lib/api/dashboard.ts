/** GET /api/v1/dashboard/stats (pangolin-api.md 5.14.1). */
import type { ApiClient } from "./client.ts";

/** The counts; which are really counted depends on `scope` (system, tenant or user). */
export interface DashboardStats {
  catalogs_count: number;
  tables_count: number;
  namespaces_count: number;
  users_count: number;
  warehouses_count: number;
  branches_count: number;
  tenants_count: number;
  scope: string;
}

/** GET /api/v1/dashboard/stats: root aggregates every tenant; others see their session tenant. */
export function getDashboardStats(api: ApiClient): Promise<DashboardStats> {
  return api.call("get dashboard stats", "GET", "/api/v1/dashboard/stats", { shape: ["scope"] });
}
