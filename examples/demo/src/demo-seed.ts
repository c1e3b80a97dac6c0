// The sessions the demo starts with, so there is something to try at once: one published session
// with Léa as moderator and Sam as speaker, and one draft that still lacks a moderator.
import type { Clock, LiveService } from "@onair/core";

const hour = 60 * 60_000;

export interface DemoSeed {
  /** The published session: Léa moderates, Sam speaks. */
  readonly keynoteId: string;
  /** A draft with a speaker only: publishing it is refused until a moderator is added. */
  readonly workshopId: string;
}

export async function seedDemo(service: LiveService, clock: Clock): Promise<DemoSeed> {
  const admin = { adminId: "Ada" };
  const start = Math.ceil(clock.now() / hour) * hour + hour;
  const keynote = await service.createSession(
    {
      title: "Opening keynote",
      description: "The first session of the demo event.",
      room: "Main hall",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + hour).toISOString(),
      timeZone: "Europe/Paris",
      participants: [
        { email: "lea@example.com", role: "moderator" },
        { email: "sam@example.com", role: "speaker" },
      ],
    },
    admin,
  );
  await service.publishSession(keynote.id, admin);
  const workshop = await service.createSession(
    {
      title: "Workshop: going live",
      room: "Room B",
      startsAt: new Date(start + 2 * hour).toISOString(),
      endsAt: new Date(start + 3 * hour).toISOString(),
      timeZone: "Europe/Paris",
      participants: [{ email: "sam@example.com", role: "speaker" }],
    },
    admin,
  );
  return { keynoteId: keynote.id, workshopId: workshop.id };
}
