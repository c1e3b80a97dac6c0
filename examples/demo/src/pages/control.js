// Control room: join (the grant), the simulated client, start and stop, the stage and presence.
// Buttons follow the grant's capabilities; the server checks every command anyway.
import {
  api,
  attempt,
  formatInZone,
  h,
  renderWho,
  sessionIdFromPath,
  show,
  showProblem,
} from "./common.js";

const $ = (id) => document.getElementById(id);
const sessionId = sessionIdFromPath();
const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
const demoBase = `/demo/sessions/${encodeURIComponent(sessionId)}`;

let grant = null;
let view = null;
let serverOffset = 0;
let roomKey = null;

const can = (capability) => grant?.capabilities.includes(capability) === true;

/** Commands a role may lack; shown in "Commands your role does not allow" when it does. */
const guarded = [
  {
    capability: "live:start",
    label: "Start the live",
    run: () => api("POST", `${base}/live/start`, {}),
  },
  {
    capability: "live:stop",
    label: "Stop the live",
    run: () => api("POST", `${base}/live/stop`, {}),
  },
  {
    capability: "stage:manage",
    label: "Change the stage",
    run: () => api("PUT", `${base}/stage`, { streamIds: [], layout: "grid" }),
  },
  {
    capability: "presence:view",
    label: "See who is connected",
    run: () => api("GET", `${base}/presence`),
  },
];

function renderStatus() {
  if (view === null) return;
  const now = new Date(Date.now() + serverOffset);
  const audience = {
    waiting: "the audience is waiting for the start",
    live: view.holdingSlate
      ? "the audience sees a holding slate (nothing on stage)"
      : "the audience sees the stage",
    "replay-processing": "the replay is being processed",
    replay: "the replay is ready",
    "replay-unavailable": "the replay is unavailable",
  }[view.screen];
  show(
    $("status"),
    "Live: ",
    h("strong", { id: "phase", "data-phase": view.phase }, view.phase),
    `; ${audience}. Server time: `,
    h("time", { datetime: now.toISOString() }, formatInZone(now.toISOString(), view.timeZone)),
  );
  show(
    $("live-state"),
    view.phase === "scheduled"
      ? "Not started. Starting is irreversible: a started live never returns to scheduled."
      : view.phase === "live"
        ? "On air. It goes on until a moderator stops it, even if everyone disconnects."
        : "Ended for good.",
  );
  $("start").hidden = !can("live:start") || view.phase !== "scheduled";
  $("stop").hidden = !can("live:stop") || view.phase !== "live";
}

function renderGrant() {
  const entry = (term, value) => [h("dt", {}, term), h("dd", {}, value)];
  show(
    $("grant"),
    entry("Role", h("span", { id: "grant-role" }, grant.role)),
    entry("All your roles", grant.roles.join(", ")),
    entry("Provider role", h("span", { id: "grant-provider-role" }, grant.providerRole)),
    entry("Camera", h("span", { id: "grant-camera" }, grant.camera)),
    entry("Microphone", grant.microphone),
    entry("On stage", h("span", { id: "grant-stage" }, grant.onStage ? "yes" : "no, backstage")),
    entry("Grant valid until", new Date(grant.expiresAt).toLocaleTimeString()),
    entry("You can", grant.capabilities.join(", ")),
  );
  $("client-section").hidden = false;
  $("publish-camera").hidden = !can("camera:publish");
  $("share-screen").hidden = !can("content:share");
  $("live-section").hidden = !can("live:start") && !can("live:stop");
  $("stage-section").hidden = !can("stage:manage");
  $("presence-section").hidden = !can("presence:view");
  const refused = guarded.filter((command) => !can(command.capability));
  $("enforcement-section").hidden = refused.length === 0;
  show(
    $("forbidden"),
    refused.map((command) =>
      h(
        "button",
        { type: "button", onclick: () => attempt($("enforcement-problem"), command.run) },
        `Try anyway: ${command.label}`,
      ),
    ),
  );
  $("join").textContent = "Join again (fresh grant)";
  renderStatus();
  if (can("presence:view")) refreshPresence();
}

function renderRoom(room) {
  // Redrawn only when the room changed, so a half-made stage choice or the focus survive polling.
  const key = JSON.stringify(room);
  if (key === roomKey) return;
  roomKey = key;
  const client = room.client;
  show(
    $("client-state"),
    client === null
      ? "Your client is not connected."
      : h("span", { id: "client-connected" }, `Your client is connected (${client.connectionId}).`),
  );
  $("connect").textContent = client === null ? "Connect my client" : "Reconnect (fresh grant)";
  $("leave").hidden = client === null;
  show(
    $("my-streams"),
    (client?.streams ?? []).map((stream) =>
      h(
        "li",
        {},
        `${stream.videoType} ${stream.streamId} `,
        room.stage.streamIds.includes(stream.streamId) ? "(on stage) " : "(backstage) ",
        h(
          "button",
          {
            type: "button",
            onclick: () =>
              clientAction(() =>
                api("POST", `${demoBase}/client/unpublish`, { streamId: stream.streamId }),
              ),
          },
          `Stop ${stream.videoType === "camera" ? "my camera" : "sharing"}`,
        ),
      ),
    ),
  );
  if (!can("stage:manage")) return;
  const chosen = new Set(room.stage.streamIds);
  show(
    $("stage-streams"),
    room.streams.length === 0
      ? h("p", {}, "No stream is published yet.")
      : room.streams.map((stream) =>
          h(
            "div",
            { class: "field" },
            h("input", {
              type: "checkbox",
              name: "stream",
              id: `stream-${stream.streamId}`,
              value: stream.streamId,
              checked: chosen.has(stream.streamId),
            }),
            h(
              "label",
              { for: `stream-${stream.streamId}` },
              `${stream.publisher ?? "someone"}: ${stream.videoType}${stream.mine ? " (you)" : ""}`,
            ),
          ),
        ),
  );
  const layout = document.querySelector(`input[name="layout"][value="${room.stage.layout}"]`);
  if (layout !== null && room.stage.streamIds.length > 0) layout.checked = true;
  show(
    $("stage-current"),
    room.stage.streamIds.length === 0
      ? "The stage is empty: the audience sees a holding slate."
      : `On stage: ${room.stage.streamIds.length} stream(s), layout ${room.stage.layout}.`,
  );
}

async function refreshRoom() {
  if (grant === null) return;
  const room = await attempt($("client-problem"), () => api("GET", `${demoBase}/room`));
  if (room !== undefined) renderRoom(room);
}

function renderPresence(counts) {
  const entry = (term, value) => [h("dt", {}, term), h("dd", {}, String(value))];
  show(
    $("presence"),
    entry("Moderators", counts.moderators),
    entry("Speakers", counts.speakers),
    entry("Audience", counts.audience),
  );
}

async function refreshPresence() {
  const counts = await attempt($("presence-problem"), () => api("GET", `${base}/presence`));
  if (counts !== undefined) renderPresence(counts);
}

async function join() {
  const fresh = await attempt($("join-problem"), () => api("POST", `${base}/join`, {}));
  if (fresh === undefined) return null;
  grant = fresh;
  renderGrant();
  return fresh;
}

async function clientAction(action) {
  const room = await attempt($("client-problem"), action);
  if (room !== undefined) renderRoom(room);
  if (can("presence:view")) await refreshPresence();
}

$("join").addEventListener("click", async () => {
  if ((await join()) !== null) await refreshRoom();
});

$("connect").addEventListener("click", async () => {
  // Every (re)connection asks a fresh grant: a grant only allows a connection for a short time.
  const fresh = await join();
  if (fresh === null) return;
  await clientAction(() =>
    api("POST", `${demoBase}/client/connect`, { token: fresh.connection.token }),
  );
});
$("publish-camera").addEventListener("click", () =>
  clientAction(() => api("POST", `${demoBase}/client/publish`, { videoType: "camera" })),
);
$("share-screen").addEventListener("click", () =>
  clientAction(() => api("POST", `${demoBase}/client/publish`, { videoType: "screen" })),
);
$("leave").addEventListener("click", () =>
  clientAction(() => api("POST", `${demoBase}/client/leave`, {})),
);

$("start").addEventListener("click", async () => {
  await attempt($("live-problem"), () => api("POST", `${base}/live/start`, {}));
  await poll();
});
$("stop").addEventListener("click", () => {
  $("stop-dialog").returnValue = "";
  $("stop-dialog").showModal();
});
$("stop-dialog").addEventListener("close", async () => {
  if ($("stop-dialog").returnValue !== "stop") return;
  await attempt($("live-problem"), () => api("POST", `${base}/live/stop`, {}));
  await poll();
});

$("stage-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const streamIds = [...document.querySelectorAll('input[name="stream"]:checked')].map(
    (box) => box.value,
  );
  const layout = document.querySelector('input[name="layout"]:checked')?.value ?? "grid";
  const result = await attempt($("stage-problem"), () =>
    api("PUT", `${base}/stage`, { streamIds, layout }),
  );
  if (result !== undefined) await poll();
});
$("refresh-presence").addEventListener("click", refreshPresence);

/**
 * Follows the session: its status for everyone, the room and presence once joined. A failure
 * shows at the top of the page, never in a section, where it would hide the answer to a click.
 */
async function poll() {
  try {
    view = await api("GET", `${base}/audience`);
    serverOffset = view.serverTime - Date.now();
    show($("title"), view.title);
    renderStatus();
    if (grant !== null) renderRoom(await api("GET", `${demoBase}/room`));
    if (can("presence:view")) renderPresence(await api("GET", `${base}/presence`));
    show($("page-problem"));
  } catch (error) {
    showProblem($("page-problem"), error);
  }
}

async function start() {
  $("event-link").href = `/sessions/${encodeURIComponent(sessionId)}`;
  await renderWho();
  await poll();
  // Polling, not the audience's event stream: the control room is not part of the audience, and
  // presence counts people watching the event page only.
  setInterval(poll, 2000);
  setInterval(renderStatus, 1000);
}

start().catch((error) => show($("page-problem"), String(error.message)));
