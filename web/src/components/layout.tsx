import { useQuery } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { api } from "../api/client";
import { keys } from "../api/queries";
import type { NotificationRow } from "../api/types";
import { useSession } from "../auth/session";
import { GlobalPauseBanner } from "./global-pause";

const link = ({ isActive }: { isActive: boolean }) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${isActive ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100"}`;

export function Layout() {
  const { me, signOut } = useSession();
  const open = useQuery({
    queryKey: keys.notifications({ status: "open", count: true }),
    queryFn: () =>
      api.get<{ notifications: NotificationRow[] }>("/api/notifications", {
        status: "open",
        limit: 200,
      }),
    refetchInterval: 30_000,
  });
  const count = open.data?.notifications.length ?? 0;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <NavLink to="/" className="mr-2 text-lg font-bold text-indigo-800">
            Parley
          </NavLink>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            <NavLink to="/" end className={link}>
              Campaigns
            </NavLink>
            <NavLink to="/inbox" className={link}>
              Inbox
              {count > 0 && (
                <span className="ml-1 rounded-full bg-red-600 px-1.5 text-xs text-white">
                  {count >= 200 ? "200+" : count}
                  <span className="sr-only"> open</span>
                </span>
              )}
            </NavLink>
            <NavLink to="/audit" className={link}>
              Audit
            </NavLink>
            <NavLink to="/operations" className={link}>
              Operations
            </NavLink>
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm">
            <span className="text-slate-600" data-testid="signed-in-as">
              <span className="font-medium text-slate-900">{me.actor}</span>
              <span className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">{me.role}</span>
            </span>
            <button type="button" className="btn" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <GlobalPauseBanner />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
