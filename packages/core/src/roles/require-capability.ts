// The one access check of every command: a participant (moderator or speaker) holding the
// capability (R-PERM-1, R-PERM-2). Used by the pure rules and by the service alike.
import { LiveError } from "../errors.js";
import { troubleshootingItems } from "../preflight/troubleshooting.js";
import type { Role } from "../session/model.js";
import { type Capability, can } from "./capabilities.js";

/** Whether these roles make a participant of the session (not only an attendee). */
export function isParticipant(roles: readonly Role[]): boolean {
  return roles.some((role) => role === "moderator" || role === "speaker");
}

/**
 * Refuses with NOT_A_PARTICIPANT and the troubleshooting advice unless the roles make a
 * participant (R-PERM-2): the answer reveals nothing about who the participants are.
 */
export function requireParticipant(actor: { readonly roles: readonly Role[] }): void {
  if (isParticipant(actor.roles)) return;
  throw new LiveError(
    "NOT_A_PARTICIPANT",
    "You are not a moderator or speaker of this session with the email you are signed in with.",
    { advice: troubleshootingItems },
  );
}

/** A participant holding `capability`, or NOT_A_PARTICIPANT (with advice) / FORBIDDEN. */
export function requireCapability(
  actor: { readonly roles: readonly Role[] },
  capability: Capability,
  what: string,
): void {
  requireParticipant(actor);
  if (!can(actor.roles, capability))
    throw new LiveError("FORBIDDEN", `Only a moderator can ${what}.`);
}
