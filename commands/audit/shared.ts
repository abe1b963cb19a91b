/**
 * Pieces shared by the audit verbs: the filter flags, validated against the server's enums
 * (pangolin-api.md section 3) because the server drops an unknown value silently and then
 * returns everything, and the client-side tenant filter (the server ignores `tenant_id`).
 */
import type { AuditFilters, AuditLogEntry, AuditWalk } from "../../lib/api/audit.ts";
import type { Context } from "../../lib/context.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { optionalRefFlag } from "../../lib/flags.ts";
import { resolveById } from "../../lib/resolve.ts";
import { type Column, note } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";

/** Audit actions, as the server spells them. */
export const AUDIT_ACTIONS = [
  "create_catalog",
  "update_catalog",
  "delete_catalog",
  "create_namespace",
  "update_namespace",
  "delete_namespace",
  "create_table",
  "update_table",
  "drop_table",
  "rename_table",
  "commit_table",
  "load_table",
  "create_view",
  "update_view",
  "drop_view",
  "rename_view",
  "load_view",
  "create_branch",
  "delete_branch",
  "merge_branch",
  "create_user",
  "update_user",
  "delete_user",
  "login",
  "logout",
  "create_service_user",
  "update_service_user",
  "delete_service_user",
  "rotate_api_key",
  "grant_permission",
  "revoke_permission",
  "create_federated_catalog",
  "update_federated_catalog",
  "delete_federated_catalog",
  "test_federated_connection",
  "create_warehouse",
  "update_warehouse",
  "delete_warehouse",
  "create_tenant",
  "update_tenant",
  "delete_tenant",
  "create_tag",
  "delete_tag",
  "initiate_merge",
  "complete_merge",
  "abort_merge",
  "resolve_conflict",
  "list_conflicts",
  "add_metadata",
  "update_metadata",
  "delete_metadata",
  "search_assets",
  "request_access",
  "approve_access",
  "deny_access",
  "update_access_request",
  "generate_token",
  "revoke_token",
  "create_commit",
  "list_commits",
  "login_failed",
  "api_key_authenticated",
  "api_key_rejected",
  "token_rejected",
  "permission_denied",
  "tenant_impersonation",
] as const;

/** Audit resource types. */
export const AUDIT_RESOURCE_TYPES = [
  "catalog",
  "namespace",
  "table",
  "view",
  "branch",
  "tag",
  "user",
  "service_user",
  "permission",
  "role",
  "federated_catalog",
  "warehouse",
  "tenant",
  "merge_operation",
  "conflict",
  "access_request",
  "metadata",
  "token",
  "commit",
] as const;

/** Audit results. */
export const AUDIT_RESULTS = ["success", "failure"] as const;

function enumParser(what: string, values: readonly string[]): (input: string) => string {
  return (input: string) => {
    // The server lowercases the action; every value of these enums is lowercase.
    const value = input.trim().toLowerCase();
    if (!values.includes(value)) {
      throw new SyntaxError(`'${input}' is not ${what}; valid values: ${values.join(", ")}`);
    }
    return value;
  };
}

/** The filter flags' values. */
export interface AuditFilterFlags {
  userId?: string;
  action?: string;
  resourceType?: string;
  result?: string;
  tenantId?: string;
}

/** --user-id, --action, --resource-type, --result, --tenant-id. */
export const auditFilterFlags = {
  userId: optionalRefFlag("Only events of this user (username or id)", "user"),
  action: {
    kind: "parsed",
    parse: enumParser("an audit action", AUDIT_ACTIONS),
    optional: true,
    brief: "Only this action, e.g. create_table (checked against the server's list)",
    placeholder: "action",
  },
  resourceType: {
    kind: "parsed",
    parse: enumParser("an audit resource type", AUDIT_RESOURCE_TYPES),
    optional: true,
    brief: "Only this resource type, e.g. catalog",
    placeholder: "type",
  },
  result: {
    kind: "parsed",
    parse: enumParser("an audit result", AUDIT_RESULTS),
    optional: true,
    brief: "success or failure",
    placeholder: "success|failure",
  },
  tenantId: optionalRefFlag(
    "Only events of this tenant, name or id (filtered here: the server ignores it; root sees " +
      "every tenant)",
    "tenant",
  ),
} as const;

/** The filters with a user or tenant given by name turned into ids (lib/resolve.ts). */
export async function resolveFilters(
  api: ApiClient,
  session: Session,
  flags: AuditFilterFlags,
): Promise<AuditFilterFlags> {
  const out = { ...flags };
  if (flags.userId) out.userId = (await resolveById(api, session, "user", flags.userId)).id;
  if (flags.tenantId) out.tenantId = (await resolveById(api, session, "tenant", flags.tenantId)).id;
  return out;
}

/** The filters the server applies. */
export function serverFilters(flags: AuditFilterFlags): AuditFilters {
  const f: AuditFilters = {};
  if (flags.userId) f.user_id = flags.userId;
  if (flags.action) f.action = flags.action;
  if (flags.resourceType) f.resource_type = flags.resourceType;
  if (flags.result) f.result = flags.result;
  return f;
}

/**
 * How to page for this session and the client-side tenant filter. The server's `offset` is only
 * trusted for a session known not to be root (root's listing applies it twice).
 */
export function walkFor(
  ctx: Context,
  session: Session,
  flags: AuditFilterFlags,
): Pick<AuditWalk, "serverOffset" | "keep"> {
  const role = session.claims?.role;
  const tenantId = flags.tenantId;
  if (
    tenantId && role && role !== "root" && session.claims?.tenant_id?.toLowerCase() !== tenantId
  ) {
    note(
      ctx,
      `Note: only root sees other tenants' events; this ${role} session sees its own tenant's.`,
    );
  }
  return {
    serverOffset: role !== undefined && role !== "root",
    keep: tenantId ? (e: AuditLogEntry) => e.tenant_id === tenantId : undefined,
  };
}

/** The audit table's columns: newest first, full ids (for get-audit-event). */
export const AUDIT_COLUMNS: readonly Column<AuditLogEntry>[] = [
  { header: "ID", kind: "id", cell: (e) => e.id },
  { header: "Timestamp", kind: "time", cell: (e) => e.timestamp },
  { header: "Tenant", kind: "id", cell: (e) => e.tenant_id },
  { header: "User", cell: (e) => e.username || "-" },
  { header: "Action", cell: (e) => e.action },
  { header: "Resource Type", cell: (e) => e.resource_type },
  { header: "Resource", cell: (e) => e.resource_name ?? e.resource_id ?? "-" },
  { header: "Result", cell: (e) => e.result },
];
