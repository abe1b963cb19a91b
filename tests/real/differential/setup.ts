/**
 * Both servers of a differential group: a fresh real server and a fresh double, the same
 * fixtures seeded in each by the same requests (themselves compared), then the group's script.
 */
import { startRealServer } from "../harness.ts";
import { startServer } from "../../server/mod.ts";
import { judge, runScript } from "./engine.ts";
import type { Outcome, Step, Target } from "./engine.ts";
import { EXCEPTIONS } from "./exceptions.ts";

/**
 * The fixtures, as requests: tenant `diff`,
 * its admin, alice (tenant-user) with read on `sales`, warehouse `s3-main`, catalogs `sales`
 * and `marketing`, and tokens: `root`, `admin`, `alice`, and `revoked` (alice's, revoked).
 */
export const SEED_STEPS: readonly Step[] = [
  {
    id: "seed.login-root",
    method: "POST",
    path: "/api/v1/users/login",
    body: { username: "admin", password: "password" },
    save: { root: "token", rootId: "user.id" },
  },
  {
    id: "seed.tenant",
    method: "POST",
    path: "/api/v1/tenants",
    as: "root",
    body: { name: "diff" },
    save: { tenant: "id" },
  },
  {
    id: "seed.tenant-admin",
    method: "POST",
    path: "/api/v1/users",
    as: "root",
    body: {
      username: "diff-admin",
      email: "diff-admin@example.invalid",
      password: "password",
      tenant_id: "{tenant}",
      role: "tenant-admin",
    },
    save: { adminId: "id" },
  },
  {
    id: "seed.login-admin",
    method: "POST",
    path: "/api/v1/users/login",
    body: { username: "diff-admin", password: "password", "tenant-id": "{tenant}" },
    save: { admin: "token" },
  },
  {
    id: "seed.alice",
    method: "POST",
    path: "/api/v1/users",
    as: "admin",
    body: {
      username: "alice",
      email: "alice@example.invalid",
      password: "password",
      tenant_id: "{tenant}",
      role: "tenant-user",
    },
    save: { aliceId: "id" },
  },
  {
    id: "seed.warehouse",
    method: "POST",
    path: "/api/v1/warehouses",
    as: "admin",
    body: { name: "s3-main", storage_config: { "s3.bucket": "lake", "s3.region": "us-east-1" } },
    save: { warehouseId: "id" },
  },
  {
    id: "seed.catalog-sales",
    method: "POST",
    path: "/api/v1/catalogs",
    as: "admin",
    body: { name: "sales", warehouse_name: "s3-main", storage_location: "s3://lake/sales" },
    save: { sales: "id" },
  },
  {
    id: "seed.catalog-marketing",
    method: "POST",
    path: "/api/v1/catalogs",
    as: "admin",
    body: { name: "marketing", warehouse_name: "s3-main", storage_location: "s3://lake/mkt" },
    save: { marketing: "id" },
  },
  {
    id: "seed.grant-alice",
    method: "POST",
    path: "/api/v1/permissions",
    as: "admin",
    body: {
      "user-id": "{aliceId}",
      scope: { type: "catalog", catalog_id: "{sales}" },
      actions: ["read"],
    },
    save: { permission: "id" },
  },
  {
    id: "seed.login-alice",
    method: "POST",
    path: "/api/v1/users/login",
    body: { username: "alice", password: "password", "tenant-id": "{tenant}" },
    save: { alice: "token" },
  },
  {
    id: "seed.login-alice-again",
    method: "POST",
    path: "/api/v1/users/login",
    body: { username: "alice", password: "password", "tenant-id": "{tenant}" },
    save: { revoked: "token" },
  },
  {
    id: "seed.revoke-own",
    method: "POST",
    path: "/api/v1/auth/revoke",
    as: "revoked",
    body: {},
  },
];

/** A well-formed UUID that names nothing on either server. */
export const UNKNOWN_UUID = "0d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f21";

/** How both servers of a group are configured (the same way). */
export interface GroupOptions {
  /** PANGOLIN_ALLOW_LEGACY_API_KEYS=true / legacyApiKeys. */
  legacyApiKeys?: boolean;
  /** The credential throttle's budget per minute (off by default). */
  rateLimit?: number;
}

/** Starts both servers, seeds them, runs `steps`, and fails on any unexpected difference. */
export async function runGroup(
  steps: readonly Step[],
  options: GroupOptions = {},
): Promise<Outcome[]> {
  const realServer = await startRealServer({
    rateLimit: options.rateLimit ?? 0,
    env: options.legacyApiKeys ? { PANGOLIN_ALLOW_LEGACY_API_KEYS: "true" } : {},
  });
  let double: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    double = await startServer({
      seed: false,
      legacyApiKeys: options.legacyApiKeys ?? false,
      rateLimit: options.rateLimit ?? 0,
    });
    const real: Target = { label: "real", url: realServer.url, vars: new Map() };
    const dbl: Target = { label: "double", url: double.url, vars: new Map() };
    for (const t of [real, dbl]) {
      t.vars.set("unknown", UNKNOWN_UUID);
      t.vars.set("garbage", "not-a-jwt");
    }
    const outcomes = await runScript(real, dbl, [...SEED_STEPS, ...steps]);
    const report = judge(outcomes, EXCEPTIONS);
    if (report !== "") throw new Error(`the double differs from the real server:\n${report}`);
    return outcomes;
  } finally {
    await double?.close();
    await realServer.close();
  }
}
