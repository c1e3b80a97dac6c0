// Request body rules of the Vonage Video REST API, as its reference states them: a request the
// real API would refuse is refused here too (400), so that a wrong request fails in tests.
import { type EmulatedLayout, VonageApiError } from "./emulated-world.js";

export const layoutTypes = [
  "bestFit",
  "custom",
  "horizontalPresentation",
  "pip",
  "verticalPresentation",
] as const;

export const screenshareTypes = [
  "bestFit",
  "pip",
  "verticalPresentation",
  "horizontalPresentation",
];

export const resolutions = [
  "640x480",
  "480x640",
  "1280x720",
  "720x1280",
  "1920x1080",
  "1080x1920",
] as const;

/** Broadcasts last at most 10 hours. */
export const maxBroadcastDuration = 36_000;

export type Body = Readonly<Record<string, unknown>>;

export const badRequest = (message: string) => new VonageApiError(400, message);

export function objectBody(value: unknown): Body {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("The request body must be a JSON object.");
  }
  return value as Body;
}

export function requiredString(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw badRequest(`${key} is required.`);
  return value;
}

export function optionalString(body: Body, key: string): string | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw badRequest(`${key} must be a string.`);
  return value;
}

export function optionalBoolean(body: Body, key: string, fallback: boolean): boolean {
  const value = body[key];
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw badRequest(`${key} must be a boolean.`);
  return value;
}

export function optionalEnum<T extends string>(
  body: Body,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = body[key];
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw badRequest(`${key} must be one of ${allowed.join(", ")}.`);
  }
  return value as T;
}

/** A layout object: a predefined type, or `custom` with a stylesheet; `screenshareType` with bestFit only. */
export function checkLayout(value: unknown): EmulatedLayout {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("layout must be an object with a type.");
  }
  const layout = value as Body;
  const type = optionalEnum(layout, "type", layoutTypes, "bestFit");
  const stylesheet = optionalString(layout, "stylesheet");
  const screenshareType = optionalString(layout, "screenshareType");
  if (type === "custom" && stylesheet === null) {
    throw badRequest("A custom layout needs a stylesheet.");
  }
  if (type !== "custom" && stylesheet !== null) {
    throw badRequest("Only a custom layout takes a stylesheet.");
  }
  if (screenshareType !== null) {
    if (!screenshareTypes.includes(screenshareType)) {
      throw badRequest(`screenshareType must be one of ${screenshareTypes.join(", ")}.`);
    }
    if (type !== "bestFit") throw badRequest("screenshareType needs the bestFit layout type.");
  }
  return {
    type,
    ...(stylesheet === null ? {} : { stylesheet }),
    ...(screenshareType === null ? {} : { screenshareType }),
  };
}

/** `{ addStream, hasAudio?, hasVideo? }` or `{ removeStream }`, never both. */
export function checkStreamChange(
  body: Body,
):
  | { readonly add: string; readonly hasAudio: boolean; readonly hasVideo: boolean }
  | { readonly remove: string } {
  const add = optionalString(body, "addStream");
  const remove = optionalString(body, "removeStream");
  if ((add === null) === (remove === null)) {
    throw badRequest("Give either addStream or removeStream.");
  }
  if (remove !== null) return { remove };
  return {
    add: add ?? "",
    hasAudio: optionalBoolean(body, "hasAudio", true),
    hasVideo: optionalBoolean(body, "hasVideo", true),
  };
}
