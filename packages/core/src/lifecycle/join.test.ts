import { describe, expect, it } from "vitest";
import { aSession, attendee, moderator, speaker } from "../../test/fixtures.js";
import { isLiveError } from "../errors.js";
import type { LiveSession } from "../session/model.js";
import type { PersonActor } from "./commands.js";
import { decideJoin, type JoinRequest } from "./join.js";

const both: PersonActor = { kind: "person", personKey: "p-both", roles: ["moderator", "speaker"] };
const draft = aSession({ status: "draft" });
const video = aSession({ streamType: "video" });
const live = aSession();

function request(actor: PersonActor, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return { actor, anonymous: false, delivery: "hls", audience: true, ...overrides };
}

function refusal(session: LiveSession, req: JoinRequest): string | null {
  try {
    decideJoin(session, req);
    return null;
  } catch (error) {
    return isLiveError(error) ? error.code : "not a LiveError";
  }
}

describe("decideJoin: who gets which grant", () => {
  it.each([
    ["moderator", moderator, "moderator", "moderator"],
    ["speaker", speaker, "speaker", "publisher"],
    ["moderator and speaker", both, "moderator", "moderator"],
  ] as const)(
    "R-PERM-1: a %s gets the %s role and the %s provider role",
    (_, actor, role, providerRole) => {
      const decision = decideJoin(live, request(actor));
      expect(decision.events).toEqual([]);
      expect(decision.effects).toEqual([
        {
          type: "issue-grant",
          role,
          roles: actor.roles,
          capabilities: expect.arrayContaining(["control-room:enter"]),
          providerRole,
        },
      ]);
    },
  );

  it("R-AUD-1: an attendee gets a subscriber grant only with subscriber delivery", () => {
    const [grant] = decideJoin(live, request(attendee, { delivery: "subscribers" })).effects;
    expect(grant).toMatchObject({ role: "attendee", providerRole: "subscriber" });
    expect(grant.capabilities).not.toContain("control-room:enter");
  });

  it.each([
    ["an anonymous caller with HLS", live, request(attendee, { anonymous: true }), "UNAUTHORIZED"],
    ["a signed-in stranger with HLS", live, request(attendee), "NOT_A_PARTICIPANT"],
    [
      "a stranger the platform keeps out of the audience",
      live,
      request(attendee, { delivery: "subscribers", audience: false }),
      "NOT_A_PARTICIPANT",
    ],
    [
      "an anonymous caller kept out of the audience",
      live,
      request(attendee, { delivery: "subscribers", audience: false, anonymous: true }),
      "UNAUTHORIZED",
    ],
    [
      "a stranger on a draft",
      draft,
      request(attendee, { delivery: "subscribers" }),
      "SESSION_NOT_FOUND",
    ],
    [
      "an anonymous caller on a draft",
      draft,
      request(attendee, { anonymous: true }),
      "SESSION_NOT_FOUND",
    ],
    ["a stranger on a session without a live", video, request(attendee), "SESSION_NOT_FOUND"],
    ["a speaker on a session without a live", video, request(speaker), "NOT_LIVE_STREAM"],
    ["a moderator on a draft", draft, request(moderator), null],
    [
      "a speaker with subscriber delivery",
      live,
      request(speaker, { delivery: "subscribers" }),
      null,
    ],
  ] as const)("R-PERM-2, R-AUD-2: %s is answered %s", (_, session, req, code) => {
    expect(refusal(session, req)).toBe(code);
  });
});
