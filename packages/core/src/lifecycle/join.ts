// Who gets which grant (R-PERM-1, R-PERM-2, R-AUD-1, R-AUD-2): a pure decision, like `decide`.
// It changes no state (no events); its one effect asks the provider for a token of that role.
import { LiveError } from "../errors.js";
import { type ProviderRole, providerRoleOf } from "../ports/live-provider.js";
import { troubleshootingItems } from "../preflight/troubleshooting.js";
import { type Capability, capabilitiesOf } from "../roles/capabilities.js";
import { isParticipant, requireParticipant } from "../roles/require-capability.js";
import type { LiveEvent, LiveSession, Role } from "../session/model.js";
import type { PersonActor } from "./commands.js";

export interface JoinRequest {
  /** The caller as resolved from the host's verified identity. */
  readonly actor: PersonActor;
  /** No identity: nobody is signed in. */
  readonly anonymous: boolean;
  /** How attendees watch (R-AUD-1). */
  readonly delivery: "hls" | "subscribers";
  /** Whether the platform lets this caller watch as an attendee. */
  readonly audience: boolean;
}

/** Sign a token of this role for the caller. */
export interface IssueGrantEffect {
  readonly type: "issue-grant";
  /** The role of the connection: the strongest held (moderator wins over speaker). */
  readonly role: Role;
  readonly roles: readonly Role[];
  readonly capabilities: readonly Capability[];
  readonly providerRole: ProviderRole;
}

export interface JoinDecision {
  /** Always empty: joining changes no state. */
  readonly events: readonly LiveEvent[];
  readonly effects: readonly [IssueGrantEffect];
}

/** Refuses with a LiveError (its code says why) or decides the grant. */
export function decideJoin(session: LiveSession, request: JoinRequest): JoinDecision {
  const { actor } = request;
  if (!isParticipant(actor.roles)) {
    // R-AUD-2: a draft does not exist for anyone but its participants, whatever the mode.
    requireWatchable(session);
    // Attendees get a subscriber grant only when they watch as subscribers (R-AUD-1); with HLS
    // they need none, and the control room is refused with advice (R-PERM-2).
    if (request.delivery !== "subscribers" || !request.audience) {
      if (request.anonymous) {
        throw new LiveError("UNAUTHORIZED", "Sign in on the event site to enter the live.", {
          advice: troubleshootingItems,
        });
      }
      requireParticipant(actor);
    }
  } else if (session.streamType !== "live") {
    throw new LiveError("NOT_LIVE_STREAM", "This session does not use the live stream type.");
  }
  // The provider role follows the strongest role held (R-PERM-1).
  const role: Role = actor.roles.includes("moderator")
    ? "moderator"
    : actor.roles.includes("speaker")
      ? "speaker"
      : "attendee";
  return {
    events: [],
    effects: [
      {
        type: "issue-grant",
        role,
        roles: actor.roles,
        capabilities: capabilitiesOf(actor.roles),
        providerRole: providerRoleOf(role),
      },
    ],
  };
}

/** R-AUD-2: drafts (and sessions without a live) do not exist for the audience. */
export function requireWatchable(session: LiveSession): LiveSession {
  if (session.status !== "published" || session.streamType !== "live") {
    throw new LiveError("SESSION_NOT_FOUND", "This session does not exist.");
  }
  return session;
}
