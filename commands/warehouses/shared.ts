/** Pieces shared by the warehouse verbs: the role rule, the table, and who uses a warehouse. */
import type { ApiClient } from "../../lib/api/client.ts";
import { listCatalogs } from "../../lib/api/catalogs.ts";
import type { Warehouse } from "../../lib/api/warehouses.ts";
import { CommandFailure } from "../../lib/errors.ts";
import type { Context } from "../../lib/context.ts";
import { type Block, type Column, table } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";
import { roleOf } from "../catalogs/shared.ts";

/**
 * Warehouse writes are for exactly `tenant-admin` (api.md 5.6, 7.3 #22): root is refused even
 * with a tenant context, so the role decides, not whether the profile has a tenant (the old
 * CLI's mistake, 6.1 #20). Refused here, before anything is sent, when the token says so;
 * without a token (a service-user key) the server decides.
 */
export function requireTenantAdmin(session: Session, verb: "create" | "update" | "delete"): void {
  const role = roleOf(session);
  if (role === "root") {
    throw new CommandFailure(
      `Root cannot ${verb} warehouses: the server allows only a tenant admin, even with a ` +
        "tenant context (use or --tenant).",
      4,
      "log in as the tenant's admin: pangolin-admin login -u <admin> -t <tenant-id>",
    );
  }
  if (role === "tenant-user") {
    throw new CommandFailure(
      `Tenant users cannot ${verb} warehouses: only a tenant admin can.`,
      4,
      "ask a tenant admin of this tenant",
    );
  }
}

const STORAGE_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ["s3.", "s3"],
  ["gcs.", "gcs"],
  ["adls.", "azure"],
  ["azure.", "azure"],
];

/** The storage kind, read from the storage_config keys (the server has no such field). */
export function storageKind(config: Record<string, string>): string {
  if (typeof config.type === "string" && config.type !== "") return config.type;
  const keys = Object.keys(config);
  for (const [prefix, kind] of STORAGE_PREFIXES) {
    if (keys.some((k) => k.startsWith(prefix))) return kind;
  }
  return "-";
}

function firstOf(config: Record<string, string>, keys: readonly string[]): string {
  for (const k of keys) if (typeof config[k] === "string" && config[k] !== "") return config[k];
  return "-";
}

function vendingName(strategy: unknown): string {
  if (strategy === null || strategy === undefined) return "-";
  if (typeof strategy === "string") return strategy;
  if (typeof strategy === "object") return Object.keys(strategy)[0] ?? "-";
  return String(strategy);
}

/** A table of warehouses: name, storage kind, bucket, region, STS, vending strategy. */
export function warehouseTable(ctx: Context, rows: readonly Warehouse[]): Block {
  const config = (w: Warehouse) => w.storage_config ?? {};
  const columns: Column<Warehouse>[] = [
    { header: "Name", cell: (w) => w.name },
    { header: "Type", cell: (w) => storageKind(config(w)) },
    {
      header: "Bucket",
      cell: (w) =>
        firstOf(config(w), ["s3.bucket", "gcs.bucket", "azure.container", "bucket", "container"]),
    },
    { header: "Region", cell: (w) => firstOf(config(w), ["s3.region", "region"]) },
    { header: "Use STS", cell: (w) => (w.use_sts ? "yes" : "no") },
    { header: "Vending", cell: (w) => vendingName(w.vending_strategy) },
  ];
  return table(ctx, rows, columns);
}

/** The names of the catalogs that name this warehouse; empty when they cannot be listed. */
export async function catalogsUsing(api: ApiClient, warehouse: string): Promise<string[]> {
  try {
    const catalogs = await listCatalogs(api, { all: true });
    return catalogs.filter((c) => c.warehouse_name === warehouse).map((c) => c.name);
  } catch {
    // Only a note depends on this; the command itself goes on.
    return [];
  }
}
