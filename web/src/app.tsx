import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter, Route, Routes } from "react-router";
import { ApiError } from "./api/client";
import { SessionGate } from "./auth/session";
import { Layout } from "./components/layout";
import { EmptyState } from "./components/ui";
import { AuditPage } from "./pages/audit";
import { CampaignDetailPage } from "./pages/campaign-detail";
import { CampaignEditPage, CampaignNewPage } from "./pages/campaign-form";
import { CampaignsPage } from "./pages/campaigns";
import { CreatorsImportPage } from "./pages/creators-import";
import { InboxPage } from "./pages/inbox";
import { NegotiationPage } from "./pages/negotiation";
import { OperationsPage } from "./pages/operations";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not fix itself; only network trouble and 5xx are retried.
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
    },
  });
}

export function App({ client = makeQueryClient() }: { client?: QueryClient }) {
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <SessionGate>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<CampaignsPage />} />
              <Route path="campaigns/new" element={<CampaignNewPage />} />
              <Route path="campaigns/:id" element={<CampaignDetailPage />} />
              <Route path="campaigns/:id/edit" element={<CampaignEditPage />} />
              <Route path="campaigns/:id/import" element={<CreatorsImportPage />} />
              <Route path="negotiations/:id" element={<NegotiationPage />} />
              <Route path="inbox" element={<InboxPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="operations" element={<OperationsPage />} />
              <Route
                path="*"
                element={
                  <EmptyState title="No such page">Use the menu above to find your way.</EmptyState>
                }
              />
            </Route>
          </Routes>
        </SessionGate>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
