// Back office: every change goes through the live router's admin routes (/api/sessions…), and
// every refusal is shown as the server sent it (code, detail, advice, fields).
import { api, attempt, formatInZone, h, renderWho, show } from "./common.js";

const $ = (id) => document.getElementById(id);
let selectedId = new URLSearchParams(location.search).get("session");

/** The offset of a time zone at an instant, in milliseconds (positive east of UTC). */
function zoneOffsetMs(timeZone, utcMs) {
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
  const part = (type) => Number(parts.find((p) => p.type === type)?.value);
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

/** "2026-06-01T11:00" in a time zone, as a UTC instant; the server refuses what is not valid. */
function instantOf(local, timeZone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (match === null) return local;
  const [, y, mo, d, hh, mm] = match.map(Number);
  const wall = Date.UTC(y, mo - 1, d, hh, mm);
  try {
    // Twice, so a wall time next to a daylight-saving change gets the offset in force then.
    const first = wall - zoneOffsetMs(timeZone, wall);
    return new Date(wall - zoneOffsetMs(timeZone, first)).toISOString();
  } catch {
    return `${local}:00Z`; // an unknown zone: the server says what is wrong with it
  }
}

function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function renderList() {
  const list = await api("GET", "/demo/sessions");
  show(
    $("sessions"),
    list.length === 0
      ? h("p", {}, "No session yet.")
      : h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Title", "When", "Status", "Live", ""].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h(
            "tbody",
            {},
            list.map((session) =>
              h(
                "tr",
                {},
                h("td", {}, session.title),
                h("td", {}, formatInZone(session.startsAt, session.timeZone)),
                h("td", {}, session.status),
                h("td", {}, session.phase),
                h(
                  "td",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      "aria-label": `Manage ${session.title}`,
                      onclick: () => select(session.id),
                    },
                    "Manage",
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

function renderSession(session) {
  $("selected").hidden = false;
  show($("selected-title"), `Session: ${session.title}`);
  const entry = (term, ...value) => [h("dt", {}, term), h("dd", {}, ...value)];
  show(
    $("details"),
    entry("Id", h("code", {}, session.id)),
    entry("Status", h("span", { id: "status", "data-status": session.status }, session.status)),
    entry("Starts", formatInZone(session.startsAt, session.timeZone)),
    entry("Ends", formatInZone(session.endsAt, session.timeZone)),
    entry("Time zone", session.timeZone),
    entry("Room", session.room || "—"),
    entry(
      "Live",
      session.live.phase,
      session.live.phase === "ended" ? `, replay ${session.live.replay}` : "",
    ),
    entry(
      "Pages",
      h("a", { href: `/sessions/${encodeURIComponent(session.id)}` }, "Event page"),
      " · ",
      h("a", { href: `/sessions/${encodeURIComponent(session.id)}/control` }, "Control room"),
    ),
  );
  $("publish").hidden = session.status === "published";
  $("unpublish").hidden = session.status !== "published";
  show(
    $("participants"),
    session.participants.length === 0
      ? h("p", {}, "Nobody yet. A published session needs at least one moderator.")
      : h(
          "table",
          {},
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ["Email", "Role", ""].map((t) => h("th", { scope: "col" }, t)),
            ),
          ),
          h(
            "tbody",
            {},
            session.participants.map((participant) =>
              h(
                "tr",
                {},
                h("td", {}, participant.email),
                h("td", {}, participant.role),
                h(
                  "td",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      "aria-label": `Remove ${participant.email} as ${participant.role}`,
                      onclick: () =>
                        change($("participants-problem"), () =>
                          api(
                            "DELETE",
                            `/api/sessions/${encodeURIComponent(session.id)}/participants`,
                            {
                              email: participant.email,
                              role: participant.role,
                            },
                          ),
                        ),
                    },
                    "Remove",
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

async function renderHistory(sessionId) {
  const entries = await api("GET", `/api/sessions/${encodeURIComponent(sessionId)}/history`);
  show(
    $("history"),
    entries.map((entry) =>
      h(
        "li",
        {},
        h("time", { datetime: entry.at }, entry.at.slice(0, 19).replace("T", " ")),
        ` ${entry.type}, by ${entry.actor.kind === "admin" ? `admin ${entry.actor.id}` : entry.actor.kind}`,
        entry.reason ? ` (${entry.reason})` : "",
      ),
    ),
  );
}

async function select(sessionId) {
  selectedId = sessionId;
  history.replaceState(null, "", `/backoffice?session=${encodeURIComponent(sessionId)}`);
  show($("selected-notice"));
  const session = await attempt($("actions-problem"), () =>
    api("GET", `/api/sessions/${encodeURIComponent(sessionId)}`),
  );
  if (session === undefined) return;
  renderSession(session);
  await attempt($("history-problem"), () => renderHistory(sessionId));
}

/** Runs a change, then shows the session as the server has it now. */
async function change(problemArea, action, done) {
  show($("selected-notice"));
  const result = await attempt(problemArea, action);
  if (result !== undefined) {
    if (result && typeof result === "object" && "participants" in result) renderSession(result);
    if (done) show($("selected-notice"), done);
  }
  await renderList();
  if (selectedId !== null) await attempt($("history-problem"), () => renderHistory(selectedId));
}

$("create").addEventListener("submit", async (event) => {
  event.preventDefault();
  const timeZone = $("time-zone").value.trim();
  const created = await attempt($("create-problem"), () =>
    api("POST", "/api/sessions", {
      title: $("title").value,
      room: $("room").value,
      startsAt: instantOf($("starts").value, timeZone),
      endsAt: instantOf($("ends").value, timeZone),
      timeZone,
    }),
  );
  if (created !== undefined) {
    await renderList();
    await select(created.id);
    show($("selected-notice"), "Draft created. Add a moderator, then publish.");
  }
});

$("add-participant").addEventListener("submit", (event) => {
  event.preventDefault();
  const email = $("participant-email").value;
  const role = $("participant-role").value;
  change(
    $("participants-problem"),
    () =>
      api("POST", `/api/sessions/${encodeURIComponent(selectedId)}/participants`, { email, role }),
    `Added ${email} as ${role}.`,
  );
});

$("publish").addEventListener("click", () =>
  change(
    $("actions-problem"),
    () => api("POST", `/api/sessions/${encodeURIComponent(selectedId)}/publish`, {}),
    "Published.",
  ),
);
$("unpublish").addEventListener("click", () =>
  change(
    $("actions-problem"),
    () => api("POST", `/api/sessions/${encodeURIComponent(selectedId)}/unpublish`, {}),
    "Back to draft.",
  ),
);
$("delete").addEventListener("click", async () => {
  if (!confirm("Delete this session? Its recordings are deleted too; this cannot be undone."))
    return;
  const deleted = await attempt($("actions-problem"), async () => {
    await api("DELETE", `/api/sessions/${encodeURIComponent(selectedId)}`, {});
    return true;
  });
  if (deleted) {
    selectedId = null;
    $("selected").hidden = true;
    history.replaceState(null, "", "/backoffice");
    await renderList();
  }
});

async function start() {
  const me = await renderWho();
  const admin = me.user?.admin === true;
  $("not-admin").hidden = admin;
  $("admin-only").hidden = !admin;
  if (!admin) return;
  const nextHour = new Date();
  nextHour.setMinutes(0, 0, 0);
  nextHour.setHours(nextHour.getHours() + 1);
  $("starts").value = localInput(nextHour);
  $("ends").value = localInput(new Date(nextHour.getTime() + 3_600_000));
  await renderList();
  if (selectedId !== null) await select(selectedId);
}

start().catch((error) => show($("sessions"), h("p", { role: "alert" }, String(error.message))));
