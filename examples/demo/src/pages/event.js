// Event page: what an attendee sees, following the session's Server-Sent Events. The times shown
// come from the server's clock, never from this computer's.
import { api, attempt, formatInZone, h, renderWho, sessionIdFromPath, show } from "./common.js";

const $ = (id) => document.getElementById(id);
const sessionId = sessionIdFromPath();
const base = `/api/sessions/${encodeURIComponent(sessionId)}`;

let view = null;
let serverOffset = 0;
let shownScreen = null;

function player(holdingSlate) {
  // The mock provider streams nothing, so no player loads the URL: this placeholder shows where
  // the HLS player goes and how it behaves (muted first, with a visible unmute control).
  const video = h("video", {
    muted: true,
    playsinline: true,
    "aria-label": "Live video (placeholder)",
  });
  video.muted = true;
  const unmute = h(
    "button",
    {
      type: "button",
      id: "unmute",
      "aria-pressed": "false",
      onclick: () => {
        video.muted = !video.muted;
        unmute.setAttribute("aria-pressed", String(!video.muted));
        unmute.textContent = video.muted ? "Unmute" : "Mute";
      },
    },
    "Unmute",
  );
  return h(
    "div",
    { class: "player" },
    video,
    h(
      "p",
      {},
      holdingSlate ? "Holding slate: nothing is on stage yet. " : "",
      "Sound starts muted (browsers block sound that plays by itself). ",
      unmute,
    ),
  );
}

function renderScreen() {
  const screen = view.screen;
  $("screen").dataset.screen = screen;
  // Redrawn only when what it shows changes, so the player (and its sound setting) stays put.
  const key = `${screen} ${view.hlsUrl} ${view.holdingSlate}`;
  if (key === shownScreen) return;
  shownScreen = key;
  const replayLink = h("a", { href: `${base}/replay`, id: "replay-link" }, "Watch the replay");
  const screens = {
    waiting: [
      "The live has not started yet",
      h(
        "p",
        {},
        `It is planned for ${formatInZone(view.startsAt, view.timeZone)}. This page updates when it starts.`,
      ),
    ],
    live: [
      "Live now",
      view.hlsUrl === null
        ? h("p", {}, "The broadcast is starting…")
        : h("p", {}, "HLS stream: ", h("code", { id: "hls-url" }, view.hlsUrl)),
      player(view.holdingSlate),
    ],
    "replay-processing": [
      "The live is over",
      h("p", {}, "The replay is being prepared; it appears here in a few minutes."),
    ],
    replay: ["Replay", h("p", {}, replayLink, " (a fresh link from the provider each time)")],
    "replay-unavailable": ["Replay unavailable", h("p", {}, "There is no replay of this live.")],
  };
  const [title, ...body] = screens[screen] ?? ["Unknown state", []];
  show($("screen-title"), title);
  show($("screen-body"), ...body);
}

function renderClock() {
  if (view === null) return;
  const now = new Date(Date.now() + serverOffset).toISOString();
  $("server-time").dateTime = now;
  show($("server-time"), formatInZone(now, view.timeZone));
}

function receive(next) {
  view = next;
  serverOffset = next.serverTime - Date.now();
  show($("title"), next.title);
  show(
    $("when"),
    `${formatInZone(next.startsAt, next.timeZone)} to ${formatInZone(next.endsAt, next.timeZone)}`,
  );
  renderScreen();
  renderClock();
}

async function start() {
  renderWho().catch(() => {});
  // A first read shows why the page cannot be watched (a draft is "not found").
  const first = await attempt($("problem"), () => api("GET", `${base}/audience`));
  if (first === undefined) {
    show($("screen-title"), "Nothing to watch here");
    return;
  }
  receive(first);
  const events = new EventSource(`${base}/events`);
  events.addEventListener("open", () => show($("connection"), "(live updates on)"));
  events.addEventListener("error", () => show($("connection"), "(reconnecting…)"));
  events.addEventListener("message", (message) => receive(JSON.parse(message.data)));
  setInterval(renderClock, 1000);
}

start().catch((error) => show($("problem"), String(error.message)));
