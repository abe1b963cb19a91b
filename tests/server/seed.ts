// Fixed seed data of the Pangolin test double, so tests can hard-code ids.

import { NIL_UUID } from "./uuid.ts";

/** The `sub` the real server gives a login as the environment root (PANGOLIN_ROOT_USER). */
export const ENV_ROOT_ID = "ffffffff-ffff-ffff-ffff-ffffffffffff";

/** Seeded accounts and tenant; passwords are the double's defaults. */
export const SEED = {
  defaultTenantId: NIL_UUID,
  rootId: ENV_ROOT_ID,
  rootUsername: "admin",
  rootPassword: "password",
  tenantId: "6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  tenantName: "acme",
  tenantAdmin: {
    id: "2b7d4e10-5c3a-4f21-9e8b-1a2c3d4e5f60",
    username: "acme-admin",
    password: "password",
  },
  user: {
    id: "3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71",
    username: "alice",
    password: "password",
  },
};

/** Seeded catalogs in the `acme` tenant; alice may read `sales` only. */
export const SEED_CATALOGS = {
  sales: { id: "4d9f6a32-7e5c-4b43-9a0d-3c4e5f6a7b82", name: "sales" },
  marketing: { id: "5ea07b43-8f6d-4c54-8b1e-4d5f6a7b8c93", name: "marketing" },
};

/** Id of alice's seeded direct `read` permission on the `sales` catalog. */
export const SEED_PERMISSION_ID = "6fb18c54-907e-4d65-9c2f-5e6a7b8c9da4";
