import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect } from "react";
import { ApiError, setUnauthorizedHandler, tokenStore } from "../api/client";
import { keys, useMe } from "../api/queries";
import type { Me, Role } from "../api/types";
import { ErrorState, Loading } from "../components/ui";
import { roleAtLeast } from "../lib/roles";
import { SignInPage } from "./sign-in";

interface Session {
  me: Me;
  can: (role: Role) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionGate");
  return session;
}

/**
 * Asks the API who we are. With Cloudflare Access the cookie answers; otherwise a token from the
 * sign-in page. A 401 anywhere later (revoked token, expired Access session) returns here.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useMe();
  useEffect(() => {
    // Only a session that was signed in goes back to sign-in (refusals while signing in are the
    // sign-in page's to show; refetching them would loop).
    setUnauthorizedHandler(() => {
      if (client.getQueryData(keys.me)) void client.resetQueries({ queryKey: keys.me });
    });
    return () => setUnauthorizedHandler(null);
  }, [client]);

  if (me.isPending) return <Loading label="Checking who you are…" />;
  if (me.error) {
    const e = me.error;
    if (e instanceof ApiError && e.status === 401) return <SignInPage />;
    if (e instanceof ApiError && e.status === 403)
      return (
        <ErrorState
          title="You have no role in Parley yet"
          message={`${e.message} An admin can give you one (viewer, operator or admin).`}
        />
      );
    return (
      <ErrorState title="Parley could not be reached" error={e} onRetry={() => me.refetch()} />
    );
  }
  const signOut = () => {
    tokenStore.clear();
    client.clear();
    if (me.data.via === "access") window.location.assign("/cdn-cgi/access/logout");
    else window.location.assign("/");
  };
  const session: Session = { me: me.data, can: (role) => roleAtLeast(me.data.role, role), signOut };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** Shows its children only to a role that may use them; the server enforces it regardless. */
export function Allowed({ need, children }: { need: Role; children: ReactNode }) {
  const { can } = useSession();
  return can(need) ? children : null;
}
