import { defineCommand } from "../../lib/command.ts";
import { auditPages, countAuditEvents } from "../../lib/api/audit.ts";
import type { Context } from "../../lib/context.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import {
  type AuditFilterFlags,
  auditFilterFlags,
  resolveFilters,
  serverFilters,
  walkFor,
} from "./shared.ts";

/** `count-audit-events`: how many events match, with the same filters as the listing. */
export const countAuditEventsCommand = defineCommand({
  docs: {
    brief: "Count audit events",
    fullDescription: [
      "Root's count covers every tenant. The filters are checked as for list-audit-events; with",
      "--tenant-id (which the server ignores) the matching events are listed and counted here.",
      "",
      "Examples:",
      "  pangolin-admin count-audit-events --result failure",
      "  pangolin-admin count-audit-events --tenant-id acme",
    ].join("\n"),
  },
  parameters: { flags: { ...auditFilterFlags } },
  func: async function (this: Context, given: AuditFilterFlags): Promise<void> {
    const { session, api } = await connect(this);
    const flags = await resolveFilters(api, session, given);
    const filters = serverFilters(flags);
    let count: number;
    if (flags.tenantId) {
      const walk = walkFor(this, session, flags);
      count = 0;
      for await (const page of auditPages(api, filters, { ...walk, offset: 0 })) {
        count += page.length;
      }
    } else {
      count = await countAuditEvents(api, filters);
    }
    if (this.globals.json) {
      printJson(this, { count });
      return;
    }
    say(this, `Count: ${count}`);
  },
});
