// A scripted live session on the embedded defaults (in-memory store, mock provider): the back
// office prepares it, people join, the moderator goes live and stops, and the replay is ready.
// Everything printed comes from the real service; the clock is simulated so it takes a second.
import {
  type AudienceView,
  createInMemoryChangeFeed,
  createInMemoryStore,
  createLiveService,
  type Identity,
  LiveError,
  localizeAdvice,
} from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";

const clock = createTestClock(Date.parse("2026-06-01T08:55:00Z"));
const provider = createMockLiveProvider({ clock });
const service = createLiveService({
  store: createInMemoryStore(),
  provider,
  changes: createInMemoryChangeFeed(),
  clock,
  idleAlertMs: 10 * 60_000,
  onNotification: (n) => say("platform", `notification ${n.kind} ${JSON.stringify(n.data)}`),
});
// Provider events reach the service as verified webhooks would.
provider.onEvent((event) => service.handleProviderEvent(event));

const lea: Identity = { email: "lea@example.com" }; // moderator
const sam: Identity = { email: " Sam@Example.com" }; // speaker, typed with a space and capitals
const eve: Identity = { email: "eve@example.com" }; // not a participant

function time(): string {
  return new Date(clock.now()).toISOString().slice(11, 19);
}
function say(who: string, what: string): void {
  console.log(`${time()}  ${who.padEnd(9)} ${what}`);
}
async function attempt(who: string, what: string, action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
    say(who, `${what}: done`);
  } catch (error) {
    if (!(error instanceof LiveError)) throw error;
    say(who, `${what}: refused ${error.code} (${error.message})`);
    for (const advice of localizeAdvice(error.advice.slice(0, 3), "en")) {
      say("", `  advice ${advice.code}: ${advice.message}`);
    }
  }
}
async function minutes(n: number): Promise<void> {
  clock.advance(n * 60_000);
  await provider.settle();
}

console.log("onair demo: one live session, from the back office to the replay\n");

// Every back-office call names the admin, so the history attributes it to them, not to "system".
const admin = { adminId: "admin-1" };
const session = await service.createSession(
  {
    title: "Opening keynote",
    room: "Main hall",
    startsAt: "2026-06-01T11:00:00+02:00",
    endsAt: "2026-06-01T12:00:00+02:00",
    timeZone: "Europe/Paris",
    participants: [{ email: "sam@example.com", role: "speaker" }],
  },
  admin,
);
say("admin", `created "${session.title}" (${session.id}), draft, speaker only`);
await attempt("admin", "publish without a moderator", () =>
  service.publishSession(session.id, admin),
);
await service.addParticipant(session.id, { email: "lea@example.com", role: "moderator" }, admin);
await service.publishSession(session.id, admin);
say("admin", "added lea@example.com as moderator and published");

let lastScreen = "";
service.subscribe(session.id, (view: AudienceView) => {
  if (view.screen === lastScreen) return;
  lastScreen = view.screen;
  say("audience", `screen: ${view.screen}${view.hlsUrl ? ` (${view.hlsUrl})` : ""}`);
});

await attempt("eve", "enter the control room", () => service.join(session.id, eve));
const samGrant = await service.join(session.id, sam);
say(
  "sam",
  `joined as ${samGrant.role} (provider role ${samGrant.providerRole}), camera ${samGrant.camera}`,
);
const leaGrant = await service.join(session.id, lea);
say("lea", `joined as ${leaGrant.role} (provider role ${leaGrant.providerRole})`);

const samConnection = provider.connect(samGrant.connection.roomId, {
  token: samGrant.connection.token,
});
let leaConnection = provider.connect(leaGrant.connection.roomId, {
  token: leaGrant.connection.token,
});
const samCamera = provider.publish(samGrant.connection.roomId, samConnection, "camera");
await provider.settle();
say("sam", "turned the camera on: backstage until a moderator brings it on stage");

await attempt("sam", "start the live", () => service.startLive(session.id, sam));
await minutes(5);
await attempt("lea", "start the live", () => service.startLive(session.id, lea));
await provider.settle();
await attempt("lea", "put sam on stage", () =>
  service.setStage(session.id, lea, { streamIds: [samCamera], layout: "grid" }),
);
say("lea", `presence: ${JSON.stringify(await service.presence(session.id, lea))}`);

await minutes(20);
provider.leave(leaGrant.connection.roomId, leaConnection);
provider.leave(samGrant.connection.roomId, samConnection);
await provider.settle();
say("everyone", "lost their connection (the live does not stop)");
await minutes(2);
say("provider", "stopped the recording by itself 60 s after the last client left");
const back = await service.join(session.id, lea);
leaConnection = provider.connect(back.connection.roomId, { token: back.connection.token });
await provider.settle();
say("lea", "is back with a fresh grant: a new recording segment starts");

await minutes(10);
await attempt("lea", "stop the live (final)", () => service.stopLive(session.id, lea));
await attempt("lea", "start it again", () => service.startLive(session.id, lea));
await minutes(1);
const replay = await service.replayLink(session.id);
say(
  "audience",
  `replay ${replay.status}: ${replay.segments.length} segment(s), fresh links from the provider`,
);

console.log("\nHistory (who, when, what, why):");
const names = new Map(
  (await service.getSession(session.id)).participants.map((p) => [
    p.personKey,
    p.email.split("@")[0],
  ]),
);
for (const entry of await service.history(session.id)) {
  const actor =
    entry.actor.kind === "person"
      ? (names.get(entry.actor.personKey) ?? "attendee")
      : entry.actor.kind === "admin"
        ? entry.actor.id
        : entry.actor.kind;
  console.log(
    `  ${entry.at.slice(11, 19)} ${entry.type.padEnd(25)} ${actor.padEnd(10)} ${entry.reason ?? ""}`,
  );
}
provider.dispose();
