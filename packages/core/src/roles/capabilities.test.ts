import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { providerRoleOf } from "../ports/live-provider.js";
import type { Role } from "../session/model.js";
import { Capability, can, capabilitiesOf } from "./capabilities.js";

// SPEC §2, row by row, written out again on purpose: the code's table must match this one.
const spec: readonly [
  row: string,
  capability: Capability,
  moderator: boolean,
  speaker: boolean,
  attendee: boolean,
][] = [
  ["enter the live control room (backstage)", Capability.enterControlRoom, true, true, false],
  [
    "mute / unmute own microphone, choose audio source",
    Capability.useMicrophone,
    true,
    true,
    false,
  ],
  ["publish own camera and sound", Capability.publishCamera, true, true, false],
  ["share content: screen, video file, image, PDF", Capability.shareContent, true, true, false],
  [
    "choose who/what is on screen (the stage) and the layout",
    Capability.manageStage,
    true,
    false,
    false,
  ],
  ["start the live", Capability.startLive, true, false, false],
  ["stop the live", Capability.stopLive, true, false, false],
  ["see how many people are connected", Capability.viewPresence, true, false, false],
  ["watch the live / the replay on the event site", Capability.watch, true, true, true],
];

const roles: readonly Role[] = ["moderator", "speaker", "attendee"];
const allowedBySpec = (role: Role, capability: Capability): boolean => {
  const row = spec.find(([, c]) => c === capability);
  if (row === undefined) throw new Error(`capability ${capability} is missing from SPEC §2`);
  return { moderator: row[2], speaker: row[3], attendee: row[4] }[role];
};
const declarationOrder = Object.values(Capability);

describe("capabilities", () => {
  it("R-PERM-1: the table covers every capability exactly once", () => {
    expect(spec.map(([, capability]) => capability).sort()).toEqual([...declarationOrder].sort());
  });

  describe.each(spec)("R-PERM-1: %s", (_row, capability) => {
    it.each(roles)("as %s", (role) => {
      expect(can([role], capability)).toBe(allowedBySpec(role, capability));
      expect(capabilitiesOf([role]).includes(capability)).toBe(allowedBySpec(role, capability));
    });
  });

  it("R-PERM-1: only a moderator can start and stop the live", () => {
    expect(can(["moderator"], Capability.startLive)).toBe(true);
    expect(can(["speaker"], Capability.startLive)).toBe(false);
    expect(can(["attendee"], Capability.stopLive)).toBe(false);
    expect(capabilitiesOf(["speaker", "moderator"])).toEqual(capabilitiesOf(["moderator"]));
  });

  it("R-PERM-1: no role at all grants nothing", () => {
    expect(capabilitiesOf([])).toEqual([]);
    for (const capability of declarationOrder) expect(can([], capability)).toBe(false);
  });

  it("R-PERM-1: several roles hold the union of their capabilities, in a stable order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...roles), { maxLength: 6 }), (held) => {
        const expected = declarationOrder.filter((capability) =>
          held.some((role) => allowedBySpec(role, capability)),
        );
        for (const capability of declarationOrder) {
          expect(can(held, capability)).toBe(held.some((role) => allowedBySpec(role, capability)));
        }
        expect(capabilitiesOf(held)).toEqual(expected);
        expect(capabilitiesOf([...held].reverse())).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("R-PERM-1: ignores a role it does not know instead of granting anything", () => {
    const unknown = ["admin"] as unknown as Role[];
    expect(capabilitiesOf(unknown)).toEqual([]);
    expect(can(unknown, Capability.watch)).toBe(false);
  });

  it.each([
    ["moderator", "moderator"],
    ["speaker", "publisher"],
    ["attendee", "subscriber"],
  ] as const)("R-PERM-1: a %s gets the provider role %s", (role, providerRole) => {
    expect(providerRoleOf(role)).toBe(providerRole);
  });
});
