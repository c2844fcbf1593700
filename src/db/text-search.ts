import { type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * SQLite's lower() folds ASCII only; the needle is folded the same way, so "É" still finds "É"
 * and "e" finds "E", exactly as the column is compared.
 */
const asciiLower = (text: string) => text.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/**
 * Case-insensitive substring match. instr() rather than LIKE: D1 refuses LIKE patterns over 50
 * bytes ("pattern too complex"), and instr has no wildcards to escape.
 */
export const containsText = (column: SQLiteColumn, needle: string): SQL =>
  sql`instr(lower(${column}), ${asciiLower(needle)}) > 0`;
