// Advice items: what a user can do about a problem, with a stable code and French/English text.

export type Locale = "en" | "fr";

export interface Advice {
  /** Stable identifier; UIs and tests branch on it, never on the text. */
  readonly code: string;
  readonly text: { readonly en: string; readonly fr: string };
}

/** Picks the advice text for a locale ("fr", "fr-CA", "en-GB"…); unknown locales get English. */
export function resolveLocale(locale: string | null | undefined): Locale {
  const primary = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return primary === "fr" ? "fr" : "en";
}

export function localizeAdvice(
  advice: readonly Advice[],
  locale: string | null | undefined,
): { code: string; message: string }[] {
  const lang = resolveLocale(locale);
  return advice.map((item) => ({ code: item.code, message: item.text[lang] }));
}
