// Types of scripts/check-migrations.mjs, for its tests.

export function statementsOf(sql: string): string[];

export function checkMigration(sql: string): { problems: string[]; contract: string | null };

export function migrationFiles(dir: string): string[];

export function checkMigrations(
  dir: string,
  files?: string[],
): { file: string; problems: string[]; contract: string | null; refused: boolean }[];
