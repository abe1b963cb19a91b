// Which real routes the Pangolin test double simulates, keyed like REAL_ROUTES. Every other
// real route answers 501 `not simulated by the test double`. Each handler module lists its own
// routes; a route listed twice is a mistake, caught at start-up.

import type { Handler } from "../context.ts";
import { ROUTES as AUTH_ROUTES } from "./auth_routes.ts";
import { ROUTES as TOKENS } from "./tokens.ts";
import { ROUTES as USERS } from "./users.ts";
import { ROUTES as TENANTS } from "./tenants.ts";
import { ROUTES as SERVICE_USERS } from "./service_users.ts";
import { ROUTES as CATALOGS } from "./catalogs.ts";
import { ROUTES as WAREHOUSES } from "./warehouses.ts";
import { ROUTES as FEDERATED } from "./federated.ts";
import { ROUTES as GOVERNANCE } from "./governance.ts";
import { ROUTES as METADATA } from "./metadata.ts";
import { ROUTES as AUDIT } from "./audit.ts";
import { ROUTES as SYSTEM } from "./system.ts";
import { ROUTES as MERGES } from "./merges.ts";
import { ROUTES as OTHER } from "./other.ts";
import { ROUTES as REGISTRATION } from "./registration.ts";
import { ROUTES as BRANCHES } from "./branches.ts";

const MODULES: Record<string, Handler>[] = [
  AUTH_ROUTES,
  TOKENS,
  USERS,
  TENANTS,
  SERVICE_USERS,
  CATALOGS,
  WAREHOUSES,
  FEDERATED,
  GOVERNANCE,
  METADATA,
  AUDIT,
  SYSTEM,
  MERGES,
  OTHER,
  REGISTRATION,
  BRANCHES,
];

function merge(): Record<string, Handler> {
  const all: Record<string, Handler> = {};
  for (const routes of MODULES) {
    for (const [key, handler] of Object.entries(routes)) {
      if (all[key]) throw new Error(`route ${key} is simulated twice`);
      all[key] = handler;
    }
  }
  return all;
}

/** Simulated handlers by `METHOD /pattern`. */
export const HANDLERS: Record<string, Handler> = merge();
