import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { Me, Settings } from "./types";

export const keys = {
  me: ["me"] as const,
  campaigns: ["campaigns"] as const,
  campaign: (id: string) => ["campaign", id] as const,
  metrics: (id: string) => ["campaign", id, "metrics"] as const,
  negotiations: (id: string, q: unknown) => ["campaign", id, "negotiations", q] as const,
  negotiation: (id: string) => ["negotiation", id] as const,
  timeline: (id: string) => ["negotiation", id, "timeline"] as const,
  notifications: (q: unknown) => ["notifications", q] as const,
  audit: (q: unknown) => ["audit", q] as const,
  settings: ["settings"] as const,
  ready: ["ready"] as const,
  mailboxes: ["mailboxes"] as const,
  failedJobs: ["failed-jobs"] as const,
};

export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>("/api/me"), retry: false });

/** The global pause, which every page shows while it is on. */
export const useSettings = () =>
  useQuery({
    queryKey: keys.settings,
    queryFn: () => api.get<Settings>("/api/settings"),
    refetchInterval: 30_000,
  });
