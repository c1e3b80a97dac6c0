// Advice items: what a user can do about a problem, with a stable code and French/English text,
// and optionally a link to a help page (one for every browser, or one per browser).

export type Locale = "en" | "fr";

/** Browsers the live supports, and for which per-browser help exists. */
export type SupportedBrowser = "chrome" | "firefox" | "edge" | "safari";

/** A help page: one address for every browser, or one per browser (some may have none). */
export type HelpUrl = string | { readonly [B in SupportedBrowser]?: string };

export interface Advice {
  /** Stable identifier; UIs and tests branch on it, never on the text. */
  readonly code: string;
  readonly text: { readonly en: string; readonly fr: string };
  /** Where to read more, e.g. the browser's own help page; absent for most items. */
  readonly helpUrl?: HelpUrl;
}

/** An advice item in one language, with its help page for the person's browser when there is one. */
export interface LocalizedAdvice {
  code: string;
  message: string;
  helpUrl?: string;
}

/** Picks the advice text for a locale ("fr", "fr-CA", "en-GB"…); unknown locales get English. */
export function resolveLocale(locale: string | null | undefined): Locale {
  const primary = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return primary === "fr" ? "fr" : "en";
}

/**
 * The help page of an item for a browser: its single address, or the browser's own one. A
 * per-browser link is only given for the browser it was written for, so with an unknown browser
 * ("other", or none) such an item has no link.
 */
export function adviceHelpUrl(item: Advice, browser?: string | null): string | undefined {
  const url =
    typeof item.helpUrl === "object" ? item.helpUrl[browser as SupportedBrowser] : item.helpUrl;
  // Only own string entries count: a name like "constructor" finds nothing.
  return typeof url === "string" ? url : undefined;
}

/**
 * The items in one language ("fr", "fr-CA"…; unknown locales get English), in order, each with its
 * help page for `browser` (e.g. the preflight report's `browser.name`) when it has one.
 */
export function localizeAdvice(
  advice: readonly Advice[],
  locale: string | null | undefined,
  browser?: string | null,
): LocalizedAdvice[] {
  const lang = resolveLocale(locale);
  return advice.map((item) => {
    const helpUrl = adviceHelpUrl(item, browser);
    const message = item.text[lang];
    return helpUrl ? { code: item.code, message, helpUrl } : { code: item.code, message };
  });
}
