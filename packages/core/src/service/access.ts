// Who is acting: the verified identity resolved against the session, never a request body
// (R-PERM-1, R-PERM-2), and the control-room leases that follow the connections.
import { isLiveError } from "../errors.js";
import type { PersonActor } from "../lifecycle/commands.js";
import { requireParticipant } from "../roles/require-capability.js";
import { normalizeEmail } from "../session/email.js";
import type { Actor, LiveSession, Role } from "../session/model.js";
import { holdsRole, personKeyOfKey, rolesOfKey } from "../session/session-rules.js";
import { guardStore, type ServiceContext } from "./context.js";
import type { AdminActor, Identity } from "./types.js";

/** A caller's email in normal form (`callerKeyOf`), or null when onair cannot read it. */
export type CallerKey = string | null;

export function createAccess(parts: ServiceContext) {
  const { store, clock, ids, iso } = parts;
  function adminActor(actor?: AdminActor): Actor {
    return actor === undefined ? { kind: "system" } : { kind: "admin", id: actor.adminId };
  }

  function sessionContext(actor?: AdminActor) {
    return { now: iso(), actor: adminActor(actor), newPersonKey: () => ids.next("p") };
  }

  /**
   * The caller's email in normal form, or null when onair cannot read it. Normalized once per
   * call: a command judges the caller again on each compare-and-set attempt, from this key.
   */
  function callerKeyOf(identity: Identity): CallerKey {
    try {
      return normalizeEmail(identity.email);
    } catch (error) {
      if (!isLiveError(error, "INVALID_INPUT")) throw error;
      return null;
    }
  }

  /**
   * Resolves who is acting from the host's verified identity (its `callerKeyOf`); never from a
   * request body.
   */
  function personOf(session: LiveSession, key: CallerKey): PersonActor {
    // R-PERM-2: an address the host signed in but that onair cannot read matches no
    // participant: the caller is refused like any non-participant, with the advice.
    if (key === null) return { kind: "person", personKey: ids.next("a"), roles: ["attendee"] };
    const roles: Role[] = rolesOfKey(session, key);
    // R-DATA-1: an attendee's key goes to the provider in connection data: a random one, never
    // derived from the email.
    const personKey = personKeyOfKey(session, key) ?? ids.next("a");
    return { kind: "person", personKey, roles: roles.length > 0 ? roles : ["attendee"] };
  }

  /** The acting person, refused with advice unless they are a moderator or speaker (R-PERM-2). */
  function participantOf(session: LiveSession, key: CallerKey): PersonActor {
    const actor = personOf(session, key);
    requireParticipant(actor);
    return actor;
  }

  /**
   * R-PERM-6: a control-room client's presence ping is fresh evidence that its person is there:
   * it renews the leases of that person's connections, and only while their access holds. Saved
   * connections alone never renew a lease (a lost end event must stop counting).
   */
  async function renewOwnLeases(session: LiveSession, personKey: string) {
    const leases = session.live.connections
      .filter((c) => c.personKey === personKey && holdsRole(session, c.personKey, c.role))
      .map((c) => ({ personKey: c.personKey, role: c.role, connectionId: c.connectionId }));
    if (leases.length > 0) {
      await guardStore(() => store.touchPresenceMany(session.id, leases, clock.now()));
    }
  }
  return { adminActor, sessionContext, callerKeyOf, personOf, participantOf, renewOwnLeases };
}
