import type { StaticGroup as Group } from "../../lib/help.ts";
import { loginCommand } from "./login.ts";
import { useCommand } from "./use.ts";
import { whoamiCommand } from "./whoami.ts";
import { logoutCommand } from "../tokens/revoke_token.ts";

/** Authentication. */
export const group: Group = {
  title: "Authentication",
  commands: {
    "login": loginCommand,
    "logout": logoutCommand,
    "whoami": whoamiCommand,
    "use": useCommand,
  },
};
