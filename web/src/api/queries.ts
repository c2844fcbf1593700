import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { Me } from "./types";

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
};

export const useMe = () =>
  useQuery({ queryKey: keys.me, queryFn: () => api.get<Me>("/api/me"), retry: false });
