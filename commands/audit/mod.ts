import type { StaticGroup as Group } from "../../lib/help.ts";
import { countAuditEventsCommand } from "./count_audit_events.ts";
import { getAuditEventCommand } from "./get_audit_event.ts";
import { listAuditEventsCommand } from "./list_audit_events.ts";

/** Audit. */
export const group: Group = {
  title: "Audit",
  commands: {
    "list-audit-events": listAuditEventsCommand,
    "count-audit-events": countAuditEventsCommand,
    "get-audit-event": getAuditEventCommand,
  },
};
