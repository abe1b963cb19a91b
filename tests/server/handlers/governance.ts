// Governance routes of the Pangolin test double.

import type { Handler } from "../context.ts";

/** The routes this module simulates, by `METHOD /pattern`. */
export const ROUTES: Record<string, Handler> = {};
