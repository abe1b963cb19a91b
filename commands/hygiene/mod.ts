import type { StaticGroup as Group } from "../../lib/help.ts";
import { doctorCommand } from "./doctor.ts";
import { offboardUserCommand } from "./offboard_user.ts";
import { tokenReportCommand } from "./token_report.ts";

/** Session hygiene: offboarding, reports, diagnostics. */
export const group: Group = {
  title: "Session hygiene",
  commands: {
    "offboard-user": offboardUserCommand,
    "token-report": tokenReportCommand,
    "doctor": doctorCommand,
  },
};
