// Deterministic test data in the shape the core stores: valid unless a test overrides a field.
// Every builder returns a fresh object, so a test can never leak changes into another.
import {
  type AudienceView,
  initialLiveState,
  type LiveEvent,
  type LiveSession,
  type LiveState,
  type Participant,
} from "@onair/core";

/** Fields of a session to replace; `live` is merged into the initial live state. */
export type SessionOverrides = Partial<Omit<LiveSession, "live">> & {
  readonly live?: Partial<LiveState>;
};

const createdAt = "2026-01-01T09:00:00.000Z";

/** The live part of a session nothing has happened to yet (the core's own initial state). */
export function anInitialLiveState(overrides: Partial<LiveState> = {}): LiveState {
  return { ...initialLiveState(), ...overrides };
}

/**
 * A participant; by default a speaker `guest@example.com`. When only the email is overridden,
 * the person key is derived from it, so two different builders never share a person key by accident.
 */
export function aParticipant(overrides: Partial<Participant> = {}): Participant {
  const email = overrides.email ?? "guest@example.com";
  const local = email.split("@")[0] ?? email;
  return {
    email,
    role: "speaker",
    personKey: `p_${local.replace(/[^a-z0-9]+/gi, "_")}`,
    ...overrides,
  };
}

/** The moderator of `aLiveSession()`. */
export const theModerator: Participant = Object.freeze({
  email: "mod@example.com",
  role: "moderator",
  personKey: "p_mod",
});

/** The speaker of `aLiveSession()`. */
export const theSpeaker: Participant = Object.freeze({
  email: "speaker@example.com",
  role: "speaker",
  personKey: "p_speaker",
});

/**
 * A published live session, version 1, with one moderator (`mod@example.com`) and one speaker
 * (`speaker@example.com`), in its initial live state.
 */
export function aLiveSession(overrides: SessionOverrides = {}): LiveSession {
  const { live, ...fields } = overrides;
  return {
    id: "ses_1",
    title: "Opening keynote",
    description: "The first session of the event.",
    room: "Main stage",
    startsAt: "2026-01-01T10:00:00.000Z",
    endsAt: "2026-01-01T11:00:00.000Z",
    timeZone: "Europe/Paris",
    status: "published",
    streamType: "live",
    participants: [{ ...theModerator }, { ...theSpeaker }],
    version: 1,
    createdAt,
    updatedAt: createdAt,
    ...fields,
    live: anInitialLiveState(live),
  };
}

/** A draft of a live session (drafts are exempt from the moderator rule, R-SES-3). */
export function aDraftSession(overrides: SessionOverrides = {}): LiveSession {
  return aLiveSession({ id: "ses_draft", title: "Draft session", status: "draft", ...overrides });
}

/** A history entry: by default a system `session-updated` on `ses_1`. */
export function aLiveEvent(overrides: Partial<LiveEvent> = {}): LiveEvent {
  return {
    sessionId: "ses_1",
    type: "session-updated",
    actor: { kind: "system" },
    at: createdAt,
    reason: null,
    data: {},
    ...overrides,
  };
}

/** What an attendee sees of a published session that has not started (HLS delivery). */
export function anAudienceView(overrides: Partial<AudienceView> = {}): AudienceView {
  return {
    sessionId: "ses_1",
    title: "Launch day",
    startsAt: "2026-06-01T07:00:00.000Z",
    endsAt: "2026-06-01T08:00:00.000Z",
    timeZone: "Europe/Paris",
    phase: "scheduled",
    screen: "waiting",
    delivery: "hls",
    hlsUrl: null,
    holdingSlate: false,
    stage: null,
    replay: "none",
    replayPath: null,
    serverTime: 0,
    version: 1,
    ...overrides,
  };
}
