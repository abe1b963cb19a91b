import { defineCommand } from "../../lib/command.ts";
import { getAuditEvent } from "../../lib/api/audit.ts";
import type { Context } from "../../lib/context.ts";
import { uuidFlag } from "../../lib/flags.ts";
import { fields, formatDate, printJson } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";

/** `get-audit-event`: one event with all its details. */
export const getAuditEventCommand = defineCommand({
  docs: {
    brief: "Show an audit event",
    fullDescription: [
      "Root finds events of every tenant; other callers only their own tenant's (404 otherwise).",
      "",
      "Example:",
      "  pangolin-admin get-audit-event --id 6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
    ].join("\n"),
  },
  parameters: { flags: { id: uuidFlag("Audit event id (UUID)") } },
  func: async function (this: Context, flags: { id: string }): Promise<void> {
    const { api } = await connect(this);
    const e = await getAuditEvent(api, flags.id);
    if (this.globals.json) {
      printJson(this, e);
      return;
    }
    fields(this, [
      ["ID", e.id],
      ["Timestamp", formatDate(e.timestamp)],
      ["Tenant", e.tenant_id],
      ["User", `${e.username || "-"}${e.user_id ? ` (${e.user_id})` : ""}`],
      ["Action", e.action],
      ["Result", e.result],
      ["Resource Type", e.resource_type],
      ["Resource", e.resource_name ?? "-"],
      ["Resource ID", e.resource_id ?? "-"],
      ["Error", e.error_message ?? "-"],
      ["IP Address", e.ip_address ?? "-"],
      ["User Agent", e.user_agent ?? "-"],
      ["Metadata", e.metadata == null ? "-" : JSON.stringify(e.metadata)],
    ]);
  },
});
