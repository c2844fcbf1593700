// Types of scripts/local-parley.mjs, for the TypeScript scripts that start Parley locally.
import type { ChildProcess } from "node:child_process";

export const ROOT: string;

export function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs?: number,
  everyMs?: number,
): Promise<T>;

export function localToken(root?: string): string;

export interface LocalParley {
  child: ChildProcess;
  port: number;
  /** Temporary directory holding the local state (`state/`) and the log. */
  dir: string;
  logPath: string;
  base: string;
  /** The bootstrap admin token from `.dev.vars`. */
  token: string;
}

export function startLocalParley(options?: {
  root?: string;
  port?: number;
  vars?: Record<string, string>;
  label?: string;
  timeoutMs?: number;
}): Promise<LocalParley>;

export function logTail(server: LocalParley, lines?: number): string;

export function stopLocalParley(server: LocalParley, options?: { keep?: boolean }): Promise<void>;
