// Every text the components show, in English and French. Hosts override any of them through the
// `strings` prop of <OnAirProvider> (or of a component); advice texts come from the core.

import { type Locale, resolveLocale } from "@onair/core/browser";

export type OnAirLocale = Locale;

export interface OnAirStrings {
  readonly audienceWaiting: string;
  readonly audienceStartsAt: (when: string) => string;
  readonly audienceLive: string;
  readonly audienceHoldingSlate: string;
  readonly audienceReplayProcessing: string;
  readonly audienceReplay: string;
  readonly audienceReplayUnavailable: string;
  readonly audienceConnecting: string;
  readonly audienceReconnecting: string;
  readonly playerLabel: (title: string) => string;
  /** The accessible name of a stage video with subscriber delivery. */
  readonly stageVideo: (index: number, count: number) => string;
  readonly unmute: string;
  readonly mute: string;
  readonly playerFailed: string;
  readonly startLive: string;
  readonly starting: string;
  readonly stopLive: string;
  readonly stopping: string;
  readonly stopDialogTitle: string;
  readonly stopDialogBody: string;
  readonly stopConfirm: string;
  readonly stopCancel: string;
  readonly liveEnded: string;
  readonly stageTitle: string;
  readonly stageLayout: string;
  readonly layoutGrid: string;
  readonly layoutFocus: string;
  readonly layoutPip: string;
  readonly stageFocus: string;
  readonly stageApply: string;
  readonly stageEmpty: string;
  readonly streamLabel: (stream: {
    readonly videoType: "camera" | "screen" | "custom" | null;
    readonly local: boolean;
    readonly index: number;
  }) => string;
  readonly onStage: string;
  readonly backstage: string;
  readonly presenceTitle: string;
  readonly presenceModerators: (count: number) => string;
  readonly presenceSpeakers: (count: number) => string;
  readonly presenceAudience: (count: number) => string;
  readonly preflightTitle: string;
  readonly preflightCamera: string;
  readonly preflightMicrophone: string;
  readonly preflightDefaultDevice: string;
  readonly preflightRun: string;
  readonly preflightRunning: string;
  readonly preflightEnter: string;
  readonly preflightOverall: Readonly<Record<"ready" | "degraded" | "blocked", string>>;
  readonly preflightVerdict: Readonly<Record<"pass" | "warn" | "fail", string>>;
  readonly preflightCheck: Readonly<
    Record<
      | "secure-context"
      | "webrtc"
      | "browser"
      | "site"
      | "connectivity"
      | "camera"
      | "microphone"
      | "bandwidth",
      string
    >
  >;
  readonly preflightAdvice: string;
  readonly shareTitle: string;
  readonly shareFile: string;
  readonly shareFileHint: string;
  readonly shareScreen: string;
  readonly shareStop: string;
  readonly sharePage: (page: number, pageCount: number) => string;
  readonly sharePrevious: string;
  readonly shareNext: string;
  readonly stageRegion: string;
  readonly cameraOn: string;
  readonly cameraOff: string;
  readonly microphoneOn: string;
  readonly microphoneOff: string;
  readonly leave: string;
  readonly joining: string;
  readonly reconnecting: string;
  readonly refused: string;
  readonly error: string;
}

const streamKind = {
  en: { camera: "Camera", screen: "Screen", custom: "Shared content", null: "Stream" },
  fr: { camera: "Caméra", screen: "Écran", custom: "Contenu partagé", null: "Flux" },
} as const;

export const en: OnAirStrings = {
  audienceWaiting: "The live has not started yet.",
  audienceStartsAt: (when) => `Starts at ${when}`,
  audienceLive: "Live",
  audienceHoldingSlate: "The live will resume in a moment.",
  audienceReplayProcessing: "The live has ended. The replay is being prepared.",
  audienceReplay: "Replay",
  audienceReplayUnavailable: "The replay is unavailable.",
  audienceConnecting: "Connecting…",
  audienceReconnecting: "Connection lost, reconnecting…",
  playerLabel: (title) => `Video: ${title}`,
  stageVideo: (index, count) =>
    count === 1 ? "The stage" : `The stage, video ${index} of ${count}`,
  unmute: "Unmute",
  mute: "Mute",
  playerFailed: "The video cannot be played in this browser.",
  startLive: "Start the live",
  starting: "Starting…",
  stopLive: "Stop the live",
  stopping: "Stopping…",
  stopDialogTitle: "Stop the live?",
  stopDialogBody:
    "Stopping is final: the live cannot be started again. The replay is generated as soon as it stops.",
  stopConfirm: "Stop for good",
  stopCancel: "Keep the live running",
  liveEnded: "The live has ended.",
  stageTitle: "On screen",
  stageLayout: "Layout",
  layoutGrid: "Grid",
  layoutFocus: "Focus",
  layoutPip: "Picture in picture",
  stageFocus: "Shown large",
  stageApply: "Update the screen",
  stageEmpty: "Nobody is publishing yet.",
  streamLabel: ({ videoType, local, index }) =>
    `${streamKind.en[videoType ?? "null"]} ${index}${local ? " (you)" : ""}`,
  onStage: "On screen",
  backstage: "Backstage",
  presenceTitle: "Connected",
  presenceModerators: (n) => `${n} ${n === 1 ? "moderator" : "moderators"}`,
  presenceSpeakers: (n) => `${n} ${n === 1 ? "speaker" : "speakers"}`,
  presenceAudience: (n) => `${n} ${n === 1 ? "viewer" : "viewers"}`,
  preflightTitle: "Connection check",
  preflightCamera: "Camera",
  preflightMicrophone: "Microphone",
  preflightDefaultDevice: "Default device",
  preflightRun: "Check again",
  preflightRunning: "Checking…",
  preflightEnter: "Enter the control room",
  preflightOverall: {
    ready: "Everything is ready.",
    degraded: "You can enter, but some things may not work well.",
    blocked: "You cannot enter yet.",
  },
  preflightVerdict: { pass: "OK", warn: "Warning", fail: "Problem" },
  preflightCheck: {
    "secure-context": "Secure connection (HTTPS)",
    webrtc: "Live video support",
    browser: "Browser version",
    site: "Published event site",
    connectivity: "Network",
    camera: "Camera",
    microphone: "Microphone",
    bandwidth: "Upload speed",
  },
  preflightAdvice: "What you can do",
  shareTitle: "Share",
  shareFile: "Share a file",
  shareFileHint: "PDF, PNG, JPEG or MP4",
  shareScreen: "Share my screen",
  shareStop: "Stop sharing",
  sharePage: (page, count) => `Page ${page} of ${count}`,
  sharePrevious: "Previous page",
  shareNext: "Next page",
  stageRegion: "Live room",
  cameraOn: "Turn camera on",
  cameraOff: "Turn camera off",
  microphoneOn: "Unmute microphone",
  microphoneOff: "Mute microphone",
  leave: "Leave",
  joining: "Joining…",
  reconnecting: "Reconnecting…",
  refused: "You cannot enter this control room.",
  error: "Something went wrong.",
};

export const fr: OnAirStrings = {
  audienceWaiting: "Le direct n’a pas encore commencé.",
  audienceStartsAt: (when) => `Début à ${when}`,
  audienceLive: "En direct",
  audienceHoldingSlate: "Le direct reprend dans un instant.",
  audienceReplayProcessing: "Le direct est terminé. Le replay est en préparation.",
  audienceReplay: "Replay",
  audienceReplayUnavailable: "Le replay n’est pas disponible.",
  audienceConnecting: "Connexion…",
  audienceReconnecting: "Connexion perdue, reconnexion…",
  playerLabel: (title) => `Vidéo : ${title}`,
  stageVideo: (index, count) =>
    count === 1 ? "La scène" : `La scène, vidéo ${index} sur ${count}`,
  unmute: "Activer le son",
  mute: "Couper le son",
  playerFailed: "Ce navigateur ne peut pas lire la vidéo.",
  startLive: "Lancer le direct",
  starting: "Lancement…",
  stopLive: "Arrêter le direct",
  stopping: "Arrêt…",
  stopDialogTitle: "Arrêter le direct ?",
  stopDialogBody:
    "L’arrêt est définitif : le direct ne pourra pas être relancé. Le replay est généré dès l’arrêt.",
  stopConfirm: "Arrêter définitivement",
  stopCancel: "Continuer le direct",
  liveEnded: "Le direct est terminé.",
  stageTitle: "À l’écran",
  stageLayout: "Disposition",
  layoutGrid: "Grille",
  layoutFocus: "Focus",
  layoutPip: "Incrustation",
  stageFocus: "En grand",
  stageApply: "Mettre à jour l’écran",
  stageEmpty: "Personne ne publie encore.",
  streamLabel: ({ videoType, local, index }) =>
    `${streamKind.fr[videoType ?? "null"]} ${index}${local ? " (vous)" : ""}`,
  onStage: "À l’écran",
  backstage: "En coulisses",
  presenceTitle: "Connectés",
  presenceModerators: (n) => `${n} ${n > 1 ? "modérateurs" : "modérateur"}`,
  presenceSpeakers: (n) => `${n} ${n > 1 ? "intervenants" : "intervenant"}`,
  presenceAudience: (n) => `${n} ${n > 1 ? "spectateurs" : "spectateur"}`,
  preflightTitle: "Test de connexion",
  preflightCamera: "Caméra",
  preflightMicrophone: "Micro",
  preflightDefaultDevice: "Appareil par défaut",
  preflightRun: "Refaire le test",
  preflightRunning: "Test en cours…",
  preflightEnter: "Entrer en régie",
  preflightOverall: {
    ready: "Tout est prêt.",
    degraded: "Vous pouvez entrer, mais certaines choses risquent de mal fonctionner.",
    blocked: "Vous ne pouvez pas encore entrer.",
  },
  preflightVerdict: { pass: "OK", warn: "Attention", fail: "Problème" },
  preflightCheck: {
    "secure-context": "Connexion sécurisée (HTTPS)",
    webrtc: "Prise en charge de la vidéo en direct",
    browser: "Version du navigateur",
    site: "Site de l’événement publié",
    connectivity: "Réseau",
    camera: "Caméra",
    microphone: "Micro",
    bandwidth: "Débit montant",
  },
  preflightAdvice: "Ce que vous pouvez faire",
  shareTitle: "Partager",
  shareFile: "Partager un fichier",
  shareFileHint: "PDF, PNG, JPEG ou MP4",
  shareScreen: "Partager mon écran",
  shareStop: "Arrêter le partage",
  sharePage: (page, count) => `Page ${page} sur ${count}`,
  sharePrevious: "Page précédente",
  shareNext: "Page suivante",
  stageRegion: "Salle du direct",
  cameraOn: "Allumer la caméra",
  cameraOff: "Éteindre la caméra",
  microphoneOn: "Réactiver le micro",
  microphoneOff: "Couper le micro",
  leave: "Quitter",
  joining: "Connexion…",
  reconnecting: "Reconnexion…",
  refused: "Vous ne pouvez pas entrer dans cette régie.",
  error: "Une erreur est survenue.",
};

/** The shipped strings for a locale ("fr", "fr-CA"…; anything else is English), with overrides. */
export function stringsFor(
  locale: string | null | undefined,
  overrides?: Partial<OnAirStrings>,
): OnAirStrings {
  const base = resolveLocale(locale) === "fr" ? fr : en;
  return overrides ? { ...base, ...overrides } : base;
}
