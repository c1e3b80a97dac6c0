// What every demo page shares: who is signed in (GET /demo/me), the session's summary from the
// programme (GET /demo/sessions), a header, and the live client on this server's /api.
import { createLiveClient, type LiveClient } from "@onair/client";
import type { OnAirStrings } from "@onair/react";
import { type ReactNode, useEffect, useState } from "react";

export interface DemoUser {
  readonly email: string;
  readonly name: string;
  readonly admin: boolean;
}

export interface SessionSummary {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly timeZone: string;
  readonly myRoles: readonly ("moderator" | "speaker")[];
}

export interface PageData {
  readonly user: DemoUser | null;
  readonly session: SessionSummary | null;
}

/** The session id in /sessions/:id or /sessions/:id/control. */
export function sessionIdFromPath(): string {
  return decodeURIComponent(window.location.pathname.split("/")[2] ?? "");
}

export function createDemoLiveClient(): LiveClient {
  return createLiveClient({ baseUrl: `${window.location.origin}/api`, locale: "en" });
}

/** The demo keeps its own wording for the stop dialog (explicit about what stopping does). */
export const demoStrings: Partial<OnAirStrings> = {
  stopLive: "Stop the live…",
  stopConfirm: "Stop the live for good",
  stopCancel: "Keep the live going",
};

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: "same-origin" });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

export function usePageData(sessionId: string): PageData | "loading" | Error {
  const [data, setData] = useState<PageData | "loading" | Error>("loading");
  useEffect(() => {
    let cancelled = false;
    Promise.all([
      getJson<{ user: DemoUser | null }>("/demo/me"),
      getJson<SessionSummary[]>("/demo/sessions"),
    ])
      .then(([me, sessions]) => {
        if (cancelled) return;
        setData({ user: me.user, session: sessions.find((s) => s.id === sessionId) ?? null });
      })
      .catch((error: unknown) => {
        if (!cancelled) setData(error instanceof Error ? error : new Error(String(error)));
      });
    return () => {
      cancelled = true;
    };
  }, [sessionId]);
  return data;
}

export function DemoHeader({ user, children }: { user: DemoUser | null; children?: ReactNode }) {
  return (
    <header>
      <nav aria-label="Demo">
        <a href="/">Home</a> {children}
      </nav>
      <p id="who">
        {user === null ? (
          <>
            Not signed in. <a href="/">Sign in</a>
          </>
        ) : (
          <>
            Signed in as <strong data-email={user.email}>{user.name}</strong>
          </>
        )}
      </p>
    </header>
  );
}

/** The session's start, with its zone spelled out (times never appear without one). */
export function startsAtLabel(session: SessionSummary): string {
  const when = new Intl.DateTimeFormat("en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: session.timeZone,
  }).format(new Date(session.startsAt));
  return `${when} (${session.timeZone})`;
}
