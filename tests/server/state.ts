// In-memory store of the Pangolin test double, modelled on the server's in-memory backend
// (no uniqueness of names, cascading tenant delete), plus the wire shapes of its records.

import { SEED, SEED_CATALOGS, SEED_PERMISSION_ID } from "./seed.ts";
import { NIL_UUID } from "./uuid.ts";

/** The three system roles, spelled as on the wire. */
export type Role = "root" | "tenant-admin" | "tenant-user";

/** The role values accepted by strict bodies (kebab-case only). */
export const ROLES: readonly Role[] = ["root", "tenant-admin", "tenant-user"];

/** Privilege order used by the token-minting ceiling. */
export function roleRank(role: Role): number {
  return role === "root" ? 2 : role === "tenant-admin" ? 1 : 0;
}

/** A tenant (TenantResponse is snake_case and has no timestamps). */
export interface Tenant {
  id: string;
  name: string;
  properties: Record<string, string>;
}

/** A stored user; `password` null means an OAuth-created account. */
export interface User {
  id: string;
  username: string;
  email: string;
  tenantId: string | null;
  role: Role;
  password: string | null;
  oauthProvider: string | null;
  createdAt: string;
  lastLogin: string | null;
  active: boolean;
}

/** A recorded token (only /tokens and /tokens/rotate record them; login never does). */
export interface TokenRecord {
  id: string;
  tenantId: string;
  userId: string;
  username: string;
  expSecs: number;
  createdAt: string;
  token: string;
}

/** A service user; the double keeps the plain key to answer `serviceUserKeyWorks`. */
export interface ServiceUser {
  id: string;
  name: string;
  description: string | null;
  tenantId: string;
  apiKey: string;
  apiKeyHash: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  lastUsed: string | null;
  expiresAt: string | null;
  expiresAtMs: number | null;
  active: boolean;
}

/** A catalog, keyed by name within its tenant. */
export interface Catalog {
  id: string;
  tenantId: string;
  name: string;
  catalogType: "Local" | "Federated";
  warehouseName: string | null;
  storageLocation: string | null;
  federatedConfig: { properties: Record<string, string> } | null;
  properties: Record<string, string>;
}

/** A direct permission grant to a user or service user. */
export interface Permission {
  id: string;
  userId: string;
  tenantId: string;
  scope: Record<string, string>;
  actions: string[];
  grantedBy: string;
  grantedAt: string;
}

/** A Map that counts its changes, so a listing can reuse its rows until one happens. */
export class VersionedMap<K, V> extends Map<K, V> {
  version = 0;
  override set(key: K, value: V): this {
    this.version++;
    return super.set(key, value);
  }
  override delete(key: K): boolean {
    this.version++;
    return super.delete(key);
  }
  override clear(): void {
    this.version++;
    super.clear();
  }
}

/** The whole mutable state of one double instance. */
export class Store {
  tenants = new Map<string, Tenant>();
  users = new Map<string, User>();
  tokens = new VersionedMap<string, TokenRecord>();
  /** Revocation list keyed by jti; value is the entry's own expiry (ms). */
  revoked = new VersionedMap<string, number>();
  /**
   * A broken server for the client's "still accepted" check: revocations are recorded but the
   * auth check ignores them. Never how the real server behaves; only tests turn it on.
   */
  ignoreRevocations = false;
  serviceUsers = new Map<string, ServiceUser>();
  catalogs: Catalog[] = [];
  permissions: Permission[] = [];
  /** Whether the fixed seed was loaded (false: as empty as a fresh real server). */
  seeded = true;
  /** Warehouses as `tenant/name`, kept in step by handlers/warehouses.ts (which holds them). */
  warehouses = new Set<string>();

  /** Removes a tenant and, like the in-memory backend, everything that belongs to it. */
  deleteTenant(id: string): void {
    this.tenants.delete(id);
    for (const [k, u] of this.users) if (u.tenantId === id) this.users.delete(k);
    for (const [k, s] of this.serviceUsers) if (s.tenantId === id) this.serviceUsers.delete(k);
    for (const [k, t] of this.tokens) if (t.tenantId === id) this.tokens.delete(k);
    this.catalogs = this.catalogs.filter((c) => c.tenantId !== id);
    this.permissions = this.permissions.filter((p) => p.tenantId !== id);
  }
}

/**
 * Builds the seeded store: default and acme tenants, acme's admin and user, two catalogs.
 * Without `seed`, only the default tenant, as a fresh real server starts.
 */
export function seededStore(seed = true): Store {
  const s = new Store();
  const created = timestampZ(Date.now(), 9);
  s.tenants.set(NIL_UUID, { id: NIL_UUID, name: "default", properties: {} });
  if (!seed) {
    s.seeded = false;
    return s;
  }
  s.tenants.set(SEED.tenantId, { id: SEED.tenantId, name: SEED.tenantName, properties: {} });
  const seedUser = (
    u: { id: string; username: string; password: string },
    role: Role,
  ): User => ({
    id: u.id,
    username: u.username,
    email: `${u.username}@acme.example`,
    tenantId: SEED.tenantId,
    role,
    password: u.password,
    oauthProvider: null,
    createdAt: created,
    lastLogin: null,
    active: true,
  });
  s.users.set(SEED.tenantAdmin.id, seedUser(SEED.tenantAdmin, "tenant-admin"));
  s.users.set(SEED.user.id, seedUser(SEED.user, "tenant-user"));
  for (const c of [SEED_CATALOGS.marketing, SEED_CATALOGS.sales]) {
    s.catalogs.push({
      id: c.id,
      tenantId: SEED.tenantId,
      name: c.name,
      catalogType: "Local",
      warehouseName: null,
      storageLocation: null,
      federatedConfig: null,
      properties: {},
    });
  }
  s.permissions.push({
    id: SEED_PERMISSION_ID,
    userId: SEED.user.id,
    tenantId: SEED.tenantId,
    scope: { type: "catalog", catalog_id: SEED_CATALOGS.sales.id },
    actions: ["read"],
    grantedBy: SEED.tenantAdmin.id,
    grantedAt: created,
  });
  return s;
}

function fraction(ms: number, digits: 0 | 9): string {
  if (digits === 0) return "";
  // Date has millisecond precision; pad with pseudo-nanoseconds so the shape matches the
  // server's usual 9 fractional digits.
  const milli = String(Math.floor(ms) % 1000).padStart(3, "0");
  const extra = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  return `.${milli}${extra}`;
}

/** RFC 3339 with a `Z` suffix (model fields); 0 or 9 fractional digits. */
export function timestampZ(ms: number, digits: 0 | 9): string {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `${base}${fraction(ms, digits)}Z`;
}

/** RFC 3339 with a `+00:00` offset (login `expires-at`, token `expires_at`). */
export function timestampOffset(ms: number, digits: 0 | 9): string {
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return `${base}${fraction(ms, digits)}+00:00`;
}

/** Applies `limit`/`offset` the way the management lists do. */
export function paginate<T>(items: T[], q: { limit?: number; offset?: number }): T[] {
  const offset = q.offset ?? 0;
  const end = q.limit === undefined ? undefined : offset + q.limit;
  return items.slice(offset, end);
}

/** Sorts by a string key with plain code-unit order (Rust's `String` ordering for ASCII). */
export function sortBy<T>(items: T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
