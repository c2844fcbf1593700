import { useQuery } from "@tanstack/react-query";
import { capabilitiesOf, type OpenApiDocument } from "../lib/capabilities";
import { api } from "./client";
import type { Me } from "./types";

export const keys = {
  me: ["me"] as const,
  openapi: ["openapi"] as const,
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

/** What the server offers (pending features appear when it has them). */
export const useCapabilities = () =>
  useQuery({
    queryKey: keys.openapi,
    queryFn: () => api.get<OpenApiDocument>("/api/openapi.json"),
    staleTime: 10 * 60_000,
    select: capabilitiesOf,
  });
