import { createInMemoryChangeFeed, createInMemoryStore, createLiveService } from "@onair/core";
import { createMockLiveProvider, createTestClock } from "@onair/testing";

const clock = createTestClock(); // the mock provider and the service share one simulated clock
const provider = createMockLiveProvider({ clock });
const service = createLiveService({
  store: createInMemoryStore(),
  provider,
  changes: createInMemoryChangeFeed(),
  clock,
});
// In production this is your webhook route: verified provider events go to the service.
provider.onEvent((event) => service.handleProviderEvent(event));

const session = await service.createSession({
  title: "Opening keynote",
  startsAt: "2026-06-01T09:00:00+02:00",
  endsAt: "2026-06-01T10:00:00+02:00",
  timeZone: "Europe/Paris",
  participants: [
    { email: "lea@example.com", role: "moderator" },
    { email: "sam@example.com", role: "speaker" },
  ],
});
await service.publishSession(session.id);

// Identity always comes from your platform's login, never from a request body.
const grant = await service.join(session.id, { email: "sam@example.com" });
console.log(grant.role, grant.providerRole, grant.camera); // speaker publisher off
provider.connect(grant.connection.roomId, { token: grant.connection.token }); // what Sam's browser does with the grant

await service.startLive(session.id, { email: "lea@example.com" });
await service.stopLive(session.id, { email: "lea@example.com" }); // final: a replay is generated
await provider.settle();
console.log((await service.audience(session.id)).screen); // replay-processing

clock.advance(30_000); // the provider finishes processing the recording
await provider.settle();
console.log((await service.audience(session.id)).screen); // replay
