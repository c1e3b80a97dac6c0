// The permission model of SPEC §2, as data. Every command checks it on the server (R-PERM-1).
import type { Role } from "../session/model.js";

export const Capability = {
  enterControlRoom: "control-room:enter",
  useMicrophone: "microphone:use",
  publishCamera: "camera:publish",
  shareContent: "content:share",
  manageStage: "stage:manage",
  startLive: "live:start",
  stopLive: "live:stop",
  viewPresence: "presence:view",
  watch: "live:watch",
} as const;

export type Capability = (typeof Capability)[keyof typeof Capability];

const table: Readonly<Record<Role, readonly Capability[]>> = {
  moderator: [
    Capability.enterControlRoom,
    Capability.useMicrophone,
    Capability.publishCamera,
    Capability.shareContent,
    Capability.manageStage,
    Capability.startLive,
    Capability.stopLive,
    Capability.viewPresence,
    Capability.watch,
  ],
  speaker: [
    Capability.enterControlRoom,
    Capability.useMicrophone,
    Capability.publishCamera,
    Capability.shareContent,
    Capability.watch,
  ],
  attendee: [Capability.watch],
};

const order = Object.values(Capability);

/** Every capability held by someone with these roles (the union), in a stable order. */
export function capabilitiesOf(roles: readonly Role[]): readonly Capability[] {
  const held = new Set<Capability>();
  for (const role of roles) for (const capability of table[role] ?? []) held.add(capability);
  return order.filter((capability) => held.has(capability));
}

export function can(roles: readonly Role[], capability: Capability): boolean {
  return roles.some((role) => table[role]?.includes(capability) ?? false);
}
