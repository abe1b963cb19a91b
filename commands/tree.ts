/**
 * The whole command tree, loaded at once: each group lists its verbs in its own mod.ts. A run
 * uses the lazy manifest in mod.ts instead (generated from this tree), which loads only the
 * command that runs.
 */
import type { StaticGroup as Group } from "../lib/help.ts";
import * as audit from "./audit/mod.ts";
import * as auth from "./auth/mod.ts";
import * as catalogs from "./catalogs/mod.ts";
import * as federated from "./federated/mod.ts";
import * as governance from "./governance/mod.ts";
import * as hygiene from "./hygiene/mod.ts";
import * as merges from "./merges/mod.ts";
import * as metadata from "./metadata/mod.ts";
import * as other from "./other/mod.ts";
import * as profiles from "./profiles/mod.ts";
import * as serviceUsers from "./service_users/mod.ts";
import * as shell from "./shell/mod.ts";
import * as system from "./system/mod.ts";
import * as tenants from "./tenants/mod.ts";
import * as tokens from "./tokens/mod.ts";
import * as users from "./users/mod.ts";
import * as warehouses from "./warehouses/mod.ts";

/** The groups, in the order the top-level help shows them. */
export const GROUPS: Group[] = [
  auth.group,
  profiles.group,
  tokens.group,
  serviceUsers.group,
  hygiene.group,
  tenants.group,
  users.group,
  warehouses.group,
  catalogs.group,
  federated.group,
  governance.group,
  metadata.group,
  audit.group,
  system.group,
  merges.group,
  other.group,
  shell.group,
];
