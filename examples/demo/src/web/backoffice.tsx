// The back office: every change goes through the live router's admin routes (/api/sessions…),
// and every refusal is shown as the server sent it (code, detail, advice, fields). Times are
// entered and shown in the session's time zone, always with the zone's name.
import { type FormEvent, StrictMode, useCallback, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { DemoHeader, type DemoUser } from "./demo-page.js";

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly title?: string;
  readonly detail?: string;
  readonly advice?: readonly { readonly code: string; readonly message: string }[];
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
}

class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? `HTTP ${problem.status}`);
  }
}

interface ListedSession {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly timeZone: string;
  readonly status: string;
  readonly phase: string;
}

interface Session extends ListedSession {
  readonly room: string | null;
  readonly endsAt: string;
  readonly live: { readonly phase: string; readonly replay: string };
  readonly participants: readonly { readonly email: string; readonly role: string }[];
}

interface HistoryEntry {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly reason?: string;
  readonly actor: {
    readonly kind: string;
    readonly id?: string;
    readonly roles?: readonly string[];
  };
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const init: RequestInit = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("content-type") ?? "";
  const data: unknown = type.includes("json") ? await response.json() : null;
  if (!response.ok) {
    const problem = (data ?? {}) as Partial<Problem>;
    throw new ProblemError({
      ...problem,
      status: response.status,
      code: problem.code ?? `HTTP_${response.status}`,
    });
  }
  return data as T;
}

/** The offset of a time zone at an instant, in milliseconds (positive east of UTC). */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wall - utcMs;
}

/** "2026-06-01T11:00" in a time zone, as a UTC instant; null when it is not one. */
export function instantOf(local: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (match === null) return null;
  const [y, mo, d, hh, mm] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  try {
    // Twice, so a wall time next to a daylight-saving change gets the offset in force then.
    const first = wall - zoneOffsetMs(timeZone, wall);
    return new Date(wall - zoneOffsetMs(timeZone, first)).toISOString();
  } catch {
    return null;
  }
}

/** An instant as the wall time of a zone, for a datetime-local input. */
export function wallTimeIn(instantMs: number, timeZone: string): string {
  const local = new Date(instantMs + zoneOffsetMs(timeZone, instantMs));
  return local.toISOString().slice(0, 16);
}

/** A date in the event's time zone, with the zone's name. */
function formatInZone(iso: string, timeZone: string): string {
  try {
    return `${new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
    }).format(new Date(iso))} (${timeZone})`;
  } catch {
    return iso;
  }
}

/**
 * Who acted, in words: an admin by name (the back office's admin ids are the people's names), a
 * participant by role (the history keeps a pseudonymous key, never an email), and onair's own
 * automatic steps as such.
 */
function actorLabel(actor: HistoryEntry["actor"]): string {
  switch (actor.kind) {
    case "admin":
      return actor.id || "an admin";
    case "person": {
      const roles = actor.roles ?? [];
      if (roles.length === 0) return "a participant";
      return `a ${roles.join(" and ")}`;
    }
    case "provider":
      return "the video provider";
    case "system":
      return "onair, automatically";
    default:
      return "someone";
  }
}

function ProblemBox({ id, error }: { id: string; error: unknown }) {
  if (error === null || error === undefined) return <div id={id} role="alert" />;
  if (!(error instanceof ProblemError)) {
    return (
      <div id={id} role="alert">
        <p>
          <strong>Network error: </strong>
          {String((error as Error).message ?? error)}
        </p>
      </div>
    );
  }
  const { problem } = error;
  return (
    <div id={id} role="alert">
      <p>
        <strong>{problem.title ?? "Refused"} </strong>
        <code data-code={problem.code}>{problem.code}</code> (HTTP {problem.status})
      </p>
      <p>{problem.detail ?? ""}</p>
      {problem.issues?.length ? (
        <ul aria-label="Fields to fix">
          {problem.issues.map((issue) => (
            <li key={`${issue.path} ${issue.message}`}>
              <code>{issue.path || "(body)"}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.advice?.length ? (
        <>
          <p>What you can do:</p>
          <ol className="advice">
            {problem.advice.map((item) => (
              <li key={item.code} data-advice={item.code}>
                {item.message}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

const zones = ["Europe/Paris", "Europe/London", "America/New_York", "Asia/Tokyo", "UTC"];

function CreateForm({ onCreated }: { onCreated(id: string): void }) {
  const [timeZone, setTimeZone] = useState("Europe/Paris");
  // The next full hour from now, as the wall time of the chosen zone: always in the future.
  const nextHour = Math.ceil((Date.now() + 60_000) / 3_600_000) * 3_600_000;
  const [starts, setStarts] = useState(() => wallTimeIn(nextHour, "Europe/Paris"));
  const [ends, setEnds] = useState(() => wallTimeIn(nextHour + 3_600_000, "Europe/Paris"));
  const [title, setTitle] = useState("Product launch");
  const [room, setRoom] = useState("Studio 1");
  const [error, setError] = useState<unknown>(null);
  const startsAt = instantOf(starts, timeZone);
  const past = startsAt !== null && Date.parse(startsAt) < Date.now();

  const changeZone = (zone: string) => {
    // Keep the same instants, shown in the new zone.
    const from = instantOf(starts, timeZone);
    const to = instantOf(ends, timeZone);
    setTimeZone(zone);
    try {
      if (from !== null) setStarts(wallTimeIn(Date.parse(from), zone));
      if (to !== null) setEnds(wallTimeIn(Date.parse(to), zone));
    } catch {
      // An unknown zone while typing: the server says what is wrong with it.
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const created = await api<{ id: string }>("POST", "/api/sessions", {
        title,
        room,
        startsAt: startsAt ?? starts,
        endsAt: instantOf(ends, timeZone) ?? ends,
        timeZone,
      });
      onCreated(created.id);
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <section aria-labelledby="create-title">
      <h2 id="create-title">Create a session</h2>
      <form id="create" noValidate onSubmit={submit}>
        <p>
          <label htmlFor="title">Title</label>
          <input id="title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </p>
        <p>
          <label htmlFor="room">Room</label>
          <input id="room" value={room} onChange={(e) => setRoom(e.target.value)} />
        </p>
        <p>
          <label htmlFor="time-zone">Time zone</label>
          <select id="time-zone" value={timeZone} onChange={(e) => changeZone(e.target.value)}>
            {zones.map((zone) => (
              <option key={zone}>{zone}</option>
            ))}
          </select>
        </p>
        <p>
          <label htmlFor="starts">Starts ({timeZone})</label>
          <input
            type="datetime-local"
            id="starts"
            value={starts}
            onChange={(e) => setStarts(e.target.value)}
            aria-describedby="starts-warning"
          />
        </p>
        <p id="starts-warning" role="status">
          {past ? "This time is in the past: attendees will see the session as already due." : ""}
        </p>
        <p>
          <label htmlFor="ends">Ends ({timeZone})</label>
          <input
            type="datetime-local"
            id="ends"
            value={ends}
            onChange={(e) => setEnds(e.target.value)}
          />
        </p>
        <button type="submit" className="primary">
          Create the draft
        </button>
        <ProblemBox id="create-problem" error={error} />
      </form>
    </section>
  );
}

function SessionPanel({ id, onChanged }: { id: string; onChanged(): void }) {
  const [session, setSession] = useState<Session | null>(null);
  const [entries, setEntries] = useState<readonly HistoryEntry[]>([]);
  const [actionsError, setActionsError] = useState<unknown>(null);
  const [participantsError, setParticipantsError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [email, setEmail] = useState("lea@example.com");
  const [role, setRole] = useState("moderator");
  const path = `/api/sessions/${encodeURIComponent(id)}`;

  const reload = useCallback(async () => {
    try {
      setSession(await api<Session>("GET", path));
      setEntries(await api<HistoryEntry[]>("GET", `${path}/history`));
    } catch (caught) {
      setActionsError(caught);
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const change = async (
    setError: (e: unknown) => void,
    action: () => Promise<unknown>,
    done: string,
  ) => {
    setNotice("");
    setActionsError(null);
    setParticipantsError(null);
    try {
      await action();
      setNotice(done);
    } catch (caught) {
      setError(caught);
    }
    await reload();
    onChanged();
  };

  if (session === null) return <ProblemBox id="actions-problem" error={actionsError} />;
  return (
    <section aria-labelledby="selected-title">
      <h2 id="selected-title">Session: {session.title}</h2>
      <p role="status">{notice}</p>
      <dl>
        <dt>Status</dt>
        <dd>
          <span id="status" data-status={session.status}>
            {session.status}
          </span>
        </dd>
        <dt>Starts</dt>
        <dd>{formatInZone(session.startsAt, session.timeZone)}</dd>
        <dt>Ends</dt>
        <dd>{formatInZone(session.endsAt, session.timeZone)}</dd>
        <dt>Room</dt>
        <dd>{session.room || "—"}</dd>
        <dt>Live</dt>
        <dd>
          {session.live.phase}
          {session.live.phase === "ended" ? `, replay ${session.live.replay}` : ""}
        </dd>
        <dt>Pages</dt>
        <dd>
          <a href={`/sessions/${encodeURIComponent(id)}`}>Event page</a> ·{" "}
          <a href={`/sessions/${encodeURIComponent(id)}/control`}>Control room</a>
        </dd>
      </dl>
      {session.status === "published" ? (
        <button
          type="button"
          onClick={() =>
            change(setActionsError, () => api("POST", `${path}/unpublish`, {}), "Back to draft.")
          }
        >
          Move back to draft
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() =>
            change(setActionsError, () => api("POST", `${path}/publish`, {}), "Published.")
          }
        >
          Publish
        </button>
      )}
      <ProblemBox id="actions-problem" error={actionsError} />
      <h3>Participants</h3>
      {session.participants.length === 0 ? (
        <p>Nobody yet. A published session needs at least one moderator.</p>
      ) : (
        <ul>
          {session.participants.map((p) => (
            <li key={`${p.email} ${p.role}`}>
              {p.email}, {p.role}{" "}
              <button
                type="button"
                aria-label={`Remove ${p.email} as ${p.role}`}
                onClick={() =>
                  change(
                    setParticipantsError,
                    () => api("DELETE", `${path}/participants`, { email: p.email, role: p.role }),
                    `Removed ${p.email}.`,
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void change(
            setParticipantsError,
            () => api("POST", `${path}/participants`, { email, role }),
            `Added ${email} as ${role}.`,
          );
        }}
      >
        <label htmlFor="participant-email">Email</label>
        <input
          type="email"
          id="participant-email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="participant-role">Role</label>
        <select id="participant-role" value={role} onChange={(e) => setRole(e.target.value)}>
          <option value="moderator">moderator</option>
          <option value="speaker">speaker</option>
        </select>
        <button type="submit">Add</button>
      </form>
      <ProblemBox id="participants-problem" error={participantsError} />
      <h3>History</h3>
      <ol id="history">
        {entries.map((entry) => (
          <li key={entry.seq}>
            <time dateTime={entry.at}>{formatInZone(entry.at, session.timeZone)}</time> {entry.type}
            , by {actorLabel(entry.actor)}
            {entry.reason ? ` (${entry.reason})` : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}

function BackOffice() {
  const [me, setMe] = useState<{ user: DemoUser | null } | null>(null);
  const [sessions, setSessions] = useState<readonly ListedSession[]>([]);
  const [selected, setSelected] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get("session"),
  );
  const refresh = useCallback(() => {
    api<ListedSession[]>("GET", "/demo/sessions").then(setSessions, () => undefined);
  }, []);
  useEffect(() => {
    api<{ user: DemoUser | null }>("GET", "/demo/me").then(setMe, () => setMe({ user: null }));
    refresh();
  }, [refresh]);
  const select = (id: string) => {
    setSelected(id);
    window.history.replaceState(null, "", `/backoffice?session=${encodeURIComponent(id)}`);
  };

  if (me === null) return <p>Loading…</p>;
  return (
    <>
      <DemoHeader user={me.user} />
      <main>
        <h1>Back office</h1>
        {me.user?.admin !== true ? (
          <p id="not-admin">
            The back office is Ada's: <a href="/">sign in as Ada</a> to create and publish sessions.
          </p>
        ) : (
          <>
            <CreateForm
              onCreated={(id) => {
                refresh();
                select(id);
              }}
            />
            <section aria-labelledby="list-title">
              <h2 id="list-title">Sessions</h2>
              {sessions.length === 0 ? (
                <p>No session yet.</p>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Title</th>
                      <th scope="col">When</th>
                      <th scope="col">Status</th>
                      <th scope="col">Live</th>
                      <th scope="col" />
                    </tr>
                  </thead>
                  <tbody>
                    {sessions.map((s) => (
                      <tr key={s.id}>
                        <td>{s.title}</td>
                        <td>{formatInZone(s.startsAt, s.timeZone)}</td>
                        <td>{s.status}</td>
                        <td>{s.phase}</td>
                        <td>
                          <button
                            type="button"
                            aria-label={`Manage ${s.title}`}
                            onClick={() => select(s.id)}
                          >
                            Manage
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            {selected !== null ? (
              <SessionPanel key={selected} id={selected} onChanged={refresh} />
            ) : null}
          </>
        )}
      </main>
    </>
  );
}

const root = document.getElementById("root");
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <BackOffice />
    </StrictMode>,
  );
}
