import type { StaticGroup as Group } from "../../lib/help.ts";
import { createWarehouseCommand } from "./create_warehouse.ts";
import { deleteWarehouseCommand } from "./delete_warehouse.ts";
import { listWarehousesCommand } from "./list_warehouses.ts";
import { updateWarehouseCommand } from "./update_warehouse.ts";

/** Warehouses. */
export const group: Group = {
  title: "Warehouses",
  commands: {
    "list-warehouses": listWarehousesCommand,
    "create-warehouse": createWarehouseCommand,
    "update-warehouse": updateWarehouseCommand,
    "delete-warehouse": deleteWarehouseCommand,
  },
};
