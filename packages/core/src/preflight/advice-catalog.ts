// Every advice item onair gives before and around a live, in English and French, under a stable code.
// Preflight checks and the troubleshooting list share these items, so one code always means one text.
import type { Advice, HelpUrl, SupportedBrowser } from "./advice.js";

export type { SupportedBrowser } from "./advice.js";

function item(code: string, en: string, fr: string, helpUrl?: HelpUrl): Advice {
  const text = Object.freeze({ en, fr });
  return Object.freeze(helpUrl ? { code, text, helpUrl } : { code, text });
}

/**
 * Each browser's own help page on allowing the camera and microphone to a site again (for Edge,
 * Windows' page, whose Edge section covers it), as the operations guide links them.
 */
export const deviceHelpUrls: Readonly<Record<SupportedBrowser, string>> = {
  chrome: "https://support.google.com/chrome/answer/2693767",
  firefox: "https://support.mozilla.org/kb/how-manage-your-camera-and-microphone-permissions",
  edge: "https://support.microsoft.com/windows/windows-camera-microphone-and-privacy-a83257bc-e990-d54a-d212-b5e41beba857",
  safari: "https://support.apple.com/guide/safari/ibrwe2159f50/mac",
};

// French follows the wording of the operations guide; English says the same thing.

export const useHttpsAddress = item(
  "use-https-address",
  "Open the event site through its HTTPS address (https://…): browsers only give access to the camera, microphone and screen sharing on a secure page.",
  "Ouvrez le site de l'événement avec son adresse HTTPS (https://…) : le navigateur ne donne accès à la caméra, au micro et au partage d'écran que sur une page sécurisée.",
);

export const useSupportedBrowser = item(
  "use-supported-browser",
  "Use an up-to-date version of Chrome, Firefox, Edge or Safari: the live relies on WebRTC, which all modern browsers support.",
  "Utilisez une version à jour de Chrome, Firefox, Edge ou Safari : le live utilise la technologie WebRTC, supportée par l'ensemble des navigateurs modernes du marché.",
);

export const companyNetworkBlocksWebrtc = item(
  "company-network-blocks-webrtc",
  "Some companies prevent the computers on their network from using WebRTC: use your personal connection, or ask your IT department to allow WebRTC for the event.",
  "Quelques entreprises peuvent empêcher les ordinateurs connectés à leur réseau de supporter le WebRTC : utilisez votre connexion personnelle, ou demandez à votre DSI d'autoriser le WebRTC pour l'événement.",
);

export const vpnRestrictions = item(
  "vpn-restrictions",
  "Large companies can restrict access through their VPN (poor connection, or no access to the page at all): disconnect from the VPN if you may; in some cases the speaker needs another computer.",
  "Attention aux grands groupes qui peuvent avoir des restrictions en VPN (mauvaise connexion, voire interdiction d'accéder à la page) : déconnectez-vous du VPN si vous le pouvez ; dans certains cas, un autre ordinateur doit être fourni à l'intervenant.",
);

/** How to allow the camera and microphone again, one item per browser (the seed's online help links). */
export const allowDevicesIn: Readonly<Record<SupportedBrowser, Advice>> = Object.freeze({
  chrome: item(
    "allow-devices-in-chrome",
    "Chrome: click the icon to the left of the address bar, set Camera and Microphone to Allow, then reload the page.",
    "Chrome : cliquez sur l'icône à gauche de la barre d'adresse, autorisez la caméra et le micro, puis rechargez la page.",
    deviceHelpUrls.chrome,
  ),
  firefox: item(
    "allow-devices-in-firefox",
    "Firefox: click the permissions icon in the address bar, remove the block on the camera and microphone, then reload the page.",
    "Firefox : cliquez sur l'icône des permissions dans la barre d'adresse, retirez le blocage de la caméra et du micro, puis rechargez la page.",
    deviceHelpUrls.firefox,
  ),
  edge: item(
    "allow-devices-in-edge",
    "Edge: click the lock icon to the left of the address bar, open Permissions for this site, set Camera and Microphone to Allow, then reload the page.",
    "Edge : cliquez sur le cadenas à gauche de la barre d'adresse, ouvrez « Autorisations pour ce site », autorisez la caméra et le micro, puis rechargez la page.",
    deviceHelpUrls.edge,
  ),
  safari: item(
    "allow-devices-in-safari",
    "Safari: open Safari > Settings > Websites, set Camera and Microphone to Allow for the event site, then reload the page.",
    "Safari : ouvrez Safari > Réglages > Sites web, autorisez la caméra et le micro pour le site de l'événement, puis rechargez la page.",
    deviceHelpUrls.safari,
  ),
});

export const checkComputerSettings = item(
  "check-computer-settings",
  "The microphone and camera are managed by the computer: check the computer's settings (privacy, sound, camera) as well as the browser's.",
  "Le micro et la caméra sont gérés par l'ordinateur, et non par le live : vérifiez les réglages de l'ordinateur (confidentialité, son, caméra) et ceux du navigateur.",
);

export const noBlockingExtension = item(
  "no-blocking-extension",
  "Check that no browser extension (an ad or privacy blocker, for example) is blocking the live.",
  "Vérifiez qu'aucune extension du navigateur (bloqueur de publicité ou de traçage, par exemple) ne bloque le lancement du live.",
);

export const allowCameraAndAudio = item(
  "allow-camera-and-audio",
  "Check that the camera and audio are allowed in the browser.",
  "Vérifiez l'activation de la caméra et de l'audio dans le navigateur.",
  deviceHelpUrls,
);

export const allowWhenAsked = item(
  "allow-when-asked",
  "The first time you join the live, the browser asks for access to your camera and microphone: allow it.",
  "La première fois que vous vous connectez au live, le navigateur demande l'accès à la caméra et au micro de votre ordinateur : il est important de l'autoriser.",
);

export const connectCamera = item(
  "connect-camera",
  "No camera was found: connect one and check that the computer detects it. You can still join with your camera off.",
  "Aucune caméra détectée : branchez-en une et vérifiez que l'ordinateur la reconnaît. Vous pouvez aussi rejoindre le live caméra désactivée.",
);

export const connectMicrophone = item(
  "connect-microphone",
  "No microphone was found: connect one (a headset, for example) and check that the computer detects it.",
  "Aucun micro détecté : branchez-en un (un casque, par exemple) et vérifiez que l'ordinateur le reconnaît.",
);

export const closeAppsUsingDevices = item(
  "close-apps-using-devices",
  "Another application is using the camera or microphone (a video call, for example): close it, then run the check again.",
  "Une autre application utilise la caméra ou le micro (une visio, par exemple) : fermez-la, puis relancez la vérification.",
);

/** The bandwidth advice names the configured minimum, so its text depends on it; its code does not. */
export function goodConnectionNeeded(minUploadMbps: number): Advice {
  const fr = String(minUploadMbps).replace(".", ",");
  return item(
    "good-connection-needed",
    `The live uses a lot of bandwidth: it needs a good internet connection, at least ${minUploadMbps} Mbps upload, and bandwidth can fluctuate.`,
    `Le live est très gourmand en bande passante : il faut une bonne connexion internet, ${fr} Mbit/s minimum en envoi, et le débit peut fluctuer.`,
  );
}

export const stopHeavyStreams = item(
  "stop-heavy-streams",
  "Avoid other heavy streams on the same network during the live, such as video streaming (Netflix, for example) or someone else's video call.",
  "Évitez les flux qui prennent beaucoup de débit en même temps que le live (Netflix par exemple) ou une visio Teams par quelqu'un d'autre sur le même réseau.",
);

export const runConnectionTestAgain = item(
  "run-connection-test-again",
  "Your connection could not be measured: run the check again, and rehearse on the published site before the day.",
  "Votre connexion n'a pas pu être mesurée : relancez la vérification, et faites un test sur le site publié avant le jour J.",
);

export const updateBrowser = item(
  "update-browser",
  "Update your browser to its latest version, then run the check again.",
  "Mettez à jour votre navigateur vers sa dernière version, puis relancez la vérification.",
);

export const updatesCanBlockLive = item(
  "updates-can-block-live",
  "Computer updates and browser updates can block the live: install them well before the day, then test again.",
  "Les mises à jour de l'ordinateur et celles du navigateur peuvent bloquer le live : faites-les bien en amont, puis refaites un test.",
);

export const testOnPublishedSite = item(
  "test-on-published-site",
  "Run your tests on the published site (not the preview), with the same computer, the same browser and in the same conditions as on the day.",
  "Faites les tests sur le site publié (pas sur la preview) avec le même ordinateur, le même navigateur et dans les mêmes conditions que le jour J.",
);

export const sameEmailAsBackOffice = item(
  "same-email-as-back-office",
  "Check that you log in with the same email address as the one entered in the back office.",
  "Vérifiez que vous vous connectez avec la même adresse email que celle renseignée dans le back office.",
);

export const speakerEmailMatchesLogin = item(
  "speaker-email-matches-login",
  "Check that the speaker linked to the session has the same email address as the one used to log in.",
  "Vérifiez que l'intervenant lié à la session possède la même adresse email que celle avec laquelle il essaie de se connecter.",
);

export const clearCache = item(
  "clear-cache",
  "Clear the browser's cache.",
  "Videz le cache du navigateur.",
);

export const privateWindow = item(
  "private-window",
  "Log in from a private window.",
  "Connectez-vous en navigation privée.",
);

export const tryPreview = item(
  "try-preview",
  "Log in through the preview of the event site.",
  "Connectez-vous via la preview du site de l'événement.",
);

export const rehearseWithSpeakers = item(
  "rehearse-with-speakers",
  "Rehearse with every moderator and speaker well ahead of the session, on the published site and in real conditions: network quality, access to the live, microphone and camera, screen layout and the documents to share.",
  "Effectuez des tests avec les modérateurs et intervenants en amont de la session, sur le site publié et en conditions réelles : qualité du réseau, accès au live, micro et caméra, disposition des écrans et documents à diffuser.",
);

export const shareFilesNotScreen = item(
  "share-files-not-screen",
  "Prefer sharing content over sharing the screen, for better quality and less bandwidth: to show a PDF, share the PDF itself; the more compressed the file, the better.",
  "Privilégiez la diffusion de contenus au partage d'écran, pour une meilleure qualité et moins de bande passante : plutôt que de partager votre écran pour montrer un PDF, diffusez le PDF. Plus le fichier est compressé, mieux c'est.",
);

export const briefSpeakers = item(
  "brief-speakers",
  "Brief speakers on webinar good practice (room lighting, background, framing) and on using the live, well ahead of the day.",
  "Briefez les intervenants sur les bonnes pratiques d'un webinar (éclairage de la pièce, arrière-plan, cadrage, etc.) et sur l'utilisation du live, bien en amont (pas le jour même).",
);
