// <OnAirProvider>: gives the hooks the live client, the video client, the locale and the strings.
import type {
  AudienceFollower,
  AudienceRoom,
  ControlRoom,
  ControlRoomOptions,
  LiveClient,
  VideoClient,
} from "@onair/client";
import { LiveError, resolveLocale } from "@onair/core/browser";
import { createContext, type ReactNode, useContext, useMemo } from "react";
import { type OnAirLocale, type OnAirStrings, stringsFor } from "../strings/strings.js";
import { createSharedResources, type SharedResources } from "./shared-resources.js";

export interface OnAirProviderProps {
  readonly client: LiveClient;
  /**
   * Needed by the control-room hooks (moderators and speakers) and by `useAudienceRoom` (an event
   * page with subscriber delivery); an event page with HLS can omit it.
   */
  readonly video?: VideoClient;
  /** "fr" or "en" (anything else is English). Default "en". */
  readonly locale?: string;
  /** Overrides of the shipped texts. */
  readonly strings?: Partial<OnAirStrings>;
  /** Given to `client.controlRoom`, e.g. a `contentSource` that serves pdf.js's worker itself. */
  readonly controlRoomOptions?: ControlRoomOptions;
  readonly children?: ReactNode;
}

export interface OnAirContextValue {
  readonly client: LiveClient;
  readonly video: VideoClient | null;
  readonly locale: OnAirLocale;
  readonly strings: OnAirStrings;
  readonly rooms: SharedResources<ControlRoom>;
  readonly followers: SharedResources<AudienceFollower>;
  readonly audienceRooms: SharedResources<AudienceRoom>;
}

const OnAirContext = createContext<OnAirContextValue | null>(null);

export function OnAirProvider(props: OnAirProviderProps) {
  const { client, video, locale, strings, controlRoomOptions, children } = props;
  const resources = useMemo(() => {
    const needVideo = (what: string) => {
      if (!video)
        throw new LiveError("INVALID_INPUT", `<OnAirProvider video> is needed for ${what}`);
      return video;
    };
    return {
      rooms: createSharedResources<ControlRoom>(
        (sessionId) =>
          client.controlRoom(sessionId, needVideo("a control room"), controlRoomOptions),
        // Unmounting the last component of a room leaves it: every track stops.
        (room) => void room.leave().catch(() => undefined),
      ),
      followers: createSharedResources<AudienceFollower>(
        (sessionId) => client.followAudience(sessionId),
        (follower) => follower.close(),
      ),
      audienceRooms: createSharedResources<AudienceRoom>(
        (sessionId) => client.audienceRoom(sessionId, needVideo("an audience room")),
        (room) => room.close(),
      ),
    };
  }, [client, video, controlRoomOptions]);
  const resolvedStrings = useMemo(() => stringsFor(locale, strings), [locale, strings]);
  const value = useMemo<OnAirContextValue>(
    () => ({
      client,
      video: video ?? null,
      locale: resolveLocale(locale),
      strings: resolvedStrings,
      ...resources,
    }),
    [client, video, locale, resolvedStrings, resources],
  );
  return <OnAirContext.Provider value={value}>{children}</OnAirContext.Provider>;
}

export function useOnAir(): OnAirContextValue {
  const value = useContext(OnAirContext);
  if (value === null) {
    throw new LiveError("INVALID_INPUT", "onair hooks must be used inside <OnAirProvider>");
  }
  return value;
}

/** The strings of the nearest provider, or English when a component is used on its own. */
export function useOnAirStrings(overrides?: Partial<OnAirStrings>): OnAirStrings {
  const value = useContext(OnAirContext);
  const base = value?.strings ?? stringsFor("en");
  return useMemo(() => (overrides ? { ...base, ...overrides } : base), [base, overrides]);
}

export function useOnAirLocale(): OnAirLocale {
  return useContext(OnAirContext)?.locale ?? "en";
}
