import { describe, expect, it } from "vitest";
import {
  organizerRecommendations,
  troubleshootingAdvice,
  troubleshootingItems,
} from "./troubleshooting.js";

// SPEC §8, in its order: the email comes first because it is the most frequent cause.
const specOrder = [
  "same-email-as-back-office",
  "speaker-email-matches-login",
  "clear-cache",
  "private-window",
  "try-preview",
  "allow-camera-and-audio",
  "no-blocking-extension",
  "updates-can-block-live",
  "company-network-blocks-webrtc",
  "vpn-restrictions",
];

describe("troubleshooting advice", () => {
  it("SPEC §8: lists the troubleshooting advice in its exact order, wrong email first", () => {
    expect(troubleshootingItems.map((item) => item.code)).toEqual(specOrder);
    expect(troubleshootingAdvice("en").map((item) => item.code)).toEqual(specOrder);
  });

  it("R-PRE-6: is French for fr-CA and English for an unknown locale", () => {
    const french = troubleshootingAdvice("fr-CA");
    expect(french[0]?.message).toBe(
      "Vérifiez que vous vous connectez avec la même adresse email que celle renseignée dans le back office.",
    );
    expect(french.map((item) => item.message)).toEqual(
      troubleshootingItems.map((item) => item.text.fr),
    );

    const german = troubleshootingAdvice("de");
    expect(german.map((item) => item.message)).toEqual(
      troubleshootingItems.map((item) => item.text.en),
    );
    expect(troubleshootingAdvice()).toEqual(german);
    expect(german[0]?.message).toMatch(/same email address as the one entered in the back office/);
  });

  it("R-PRE-6: names the company-network and VPN remedies in both languages", () => {
    const network = troubleshootingItems.find(
      (item) => item.code === "company-network-blocks-webrtc",
    );
    expect(network?.text.en).toMatch(/personal connection.*IT department to allow WebRTC/);
    expect(network?.text.fr).toMatch(/connexion personnelle.*DSI d'autoriser le WebRTC/);
    const vpn = troubleshootingItems.find((item) => item.code === "vpn-restrictions");
    expect(vpn?.text.fr).toMatch(/VPN/);
  });

  it("R-PRE-2: gives the camera item the help page of the person's browser, when known", () => {
    const firefox = troubleshootingAdvice("fr", "firefox");
    expect(firefox.map((item) => item.code)).toEqual(specOrder);
    const linked = firefox.filter((item) => item.helpUrl !== undefined);
    expect(linked).toEqual([
      {
        code: "allow-camera-and-audio",
        message: "Vérifiez l'activation de la caméra et de l'audio dans le navigateur.",
        helpUrl: "https://support.mozilla.org/kb/how-manage-your-camera-and-microphone-permissions",
      },
    ]);
    expect(troubleshootingAdvice("en", "safari")[5]?.helpUrl).toMatch(
      /^https:\/\/support\.apple\.com\//,
    );
    // No browser, or one without its own page: no link rather than another browser's.
    for (const browser of [undefined, null, "other", "opera"]) {
      expect(troubleshootingAdvice("en", browser).some((item) => "helpUrl" in item)).toBe(false);
    }
  });

  it("gives organizers the rehearsal, file-sharing and briefing recommendations", () => {
    expect(organizerRecommendations.map((item) => item.code)).toEqual([
      "rehearse-with-speakers",
      "share-files-not-screen",
      "brief-speakers",
    ]);
    const [rehearse, share, brief] = organizerRecommendations;
    expect(rehearse?.text.en).toMatch(/published site/);
    expect(share?.text.fr).toMatch(/PDF.*compressé/);
    expect(brief?.text.fr).toMatch(/éclairage.*arrière-plan.*cadrage/);
  });

  it("cannot be changed by a caller", () => {
    expect(Object.isFrozen(troubleshootingItems)).toBe(true);
    expect(Object.isFrozen(troubleshootingItems[0]?.text)).toBe(true);
  });
});
