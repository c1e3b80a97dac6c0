// What to try when a speaker cannot connect (SPEC §8), in the guide's order, and what organizers
// should do ahead of a live. The "not a participant" error carries this list (R-PERM-2).
import { type Advice, type LocalizedAdvice, localizeAdvice } from "./advice.js";
import {
  allowCameraAndAudio,
  briefSpeakers,
  clearCache,
  companyNetworkBlocksWebrtc,
  noBlockingExtension,
  privateWindow,
  rehearseWithSpeakers,
  sameEmailAsBackOffice,
  shareFilesNotScreen,
  speakerEmailMatchesLogin,
  tryPreview,
  updatesCanBlockLive,
  vpnRestrictions,
} from "./advice-catalog.js";

/** The order matters: a wrong email is by far the most common cause, so it comes first. */
export const troubleshootingItems: readonly Advice[] = Object.freeze([
  sameEmailAsBackOffice,
  speakerEmailMatchesLogin,
  clearCache,
  privateWindow,
  tryPreview,
  allowCameraAndAudio,
  noBlockingExtension,
  updatesCanBlockLive,
  companyNetworkBlocksWebrtc,
  vpnRestrictions,
]);

export const organizerRecommendations: readonly Advice[] = Object.freeze([
  rehearseWithSpeakers,
  shareFilesNotScreen,
  briefSpeakers,
]);

/**
 * The troubleshooting list in one language ("fr", "fr-CA"…; unknown locales get English), each item
 * with its help page for `browser` ("chrome", "firefox", "edge", "safari") when it has one.
 */
export function troubleshootingAdvice(
  locale?: string | null,
  browser?: string | null,
): LocalizedAdvice[] {
  return localizeAdvice(troubleshootingItems, locale, browser);
}
