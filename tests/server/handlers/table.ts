// Which real routes the Pangolin test double simulates, keyed like REAL_ROUTES. Every other
// real route answers 501 `not simulated by the test double`.

import type { Handler } from "../context.ts";
import * as a from "./auth_routes.ts";
import * as c from "./catalogs.ts";
import * as su from "./service_users.ts";
import * as tn from "./tenants.ts";
import * as tk from "./tokens.ts";
import * as u from "./users.ts";

/** Simulated handlers by `METHOD /pattern`. */
export const HANDLERS: Record<string, Handler> = {
  "GET /health": a.health,
  "GET /health/ready": a.health,
  "GET /health/live": a.healthLive,
  "GET /api/v1/app-config": a.appConfig,
  "POST /api/v1/users/login": a.login,
  "POST /api/v1/users/logout": a.logout,
  "GET /api/v1/users/me": a.me,
  "POST /v1/{prefix}/oauth/tokens": a.clientCredentials,
  "POST /v1/{prefix}/v1/oauth/tokens": a.clientCredentials,
  "POST /api/v1/iceberg/{prefix}/oauth/tokens": a.clientCredentials,
  "POST /api/v1/iceberg/{prefix}/v1/oauth/tokens": a.clientCredentials,
  "POST /api/v1/tokens": tk.generateToken,
  "POST /api/v1/tokens/rotate": tk.rotateToken,
  "DELETE /api/v1/tokens/{token_id}": tk.deleteToken,
  "POST /api/v1/auth/revoke": tk.revokeSelf,
  "POST /api/v1/auth/revoke/{token_id}": tk.revokeById,
  "POST /api/v1/auth/cleanup-tokens": tk.cleanupTokens,
  "GET /api/v1/users/me/tokens": tk.myTokens,
  "GET /api/v1/users/{id}/tokens": tk.userTokens,
  "GET /api/v1/users": u.listUsers,
  "POST /api/v1/users": u.createUser,
  "GET /api/v1/users/{id}": u.getUser,
  "PUT /api/v1/users/{id}": u.updateUser,
  "DELETE /api/v1/users/{id}": u.deleteUser,
  "GET /api/v1/tenants": tn.listTenants,
  "POST /api/v1/tenants": tn.createTenant,
  "GET /api/v1/tenants/{id}": tn.getTenant,
  "PUT /api/v1/tenants/{id}": tn.updateTenant,
  "DELETE /api/v1/tenants/{id}": tn.deleteTenant,
  "GET /api/v1/service-users": su.listServiceUsers,
  "POST /api/v1/service-users": su.createServiceUser,
  "GET /api/v1/service-users/{id}": su.getServiceUser,
  "PUT /api/v1/service-users/{id}": su.updateServiceUser,
  "DELETE /api/v1/service-users/{id}": su.deleteServiceUser,
  "POST /api/v1/service-users/{id}/rotate": su.rotateServiceUser,
  "GET /api/v1/catalogs": c.listCatalogs,
  "POST /api/v1/catalogs": c.createCatalog,
  "GET /api/v1/catalogs/{name}": c.getCatalog,
};
