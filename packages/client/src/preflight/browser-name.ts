// The browser's name and major version, from User-Agent Client Hints when the browser has them
// (Chromium) and from the user-agent string otherwise.
import type { BrowserName } from "@onair/core";

export interface BrowserIdentity {
  readonly name: BrowserName;
  readonly version: number | null;
}

interface Brand {
  readonly brand: string;
  readonly version: string;
}

const major = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) && value >= 0 && value <= 10_000 ? value : null;
};

function fromBrands(brands: readonly Brand[]): BrowserIdentity | null {
  const find = (name: string) => brands.find((b) => b.brand === name);
  const edge = find("Microsoft Edge");
  if (edge !== undefined) return { name: "edge", version: major(edge.version) };
  const chrome = find("Google Chrome");
  if (chrome !== undefined) return { name: "chrome", version: major(chrome.version) };
  // Other Chromium browsers (Opera, Brave, Vivaldi…) name themselves besides "Chromium".
  const chromium = find("Chromium");
  const others = brands.filter((b) => b.brand !== "Chromium" && !/not.?a.?brand/i.test(b.brand));
  if (chromium !== undefined && others.length === 0) {
    return { name: "chrome", version: major(chromium.version) };
  }
  return others.length > 0 ? { name: "other", version: major(others[0]?.version) } : null;
}

export function fromUserAgent(userAgent: string): BrowserIdentity {
  const match = (pattern: RegExp) => pattern.exec(userAgent)?.[1];
  const edge = match(/\bEdg(?:e|A|iOS)?\/(\d+)/);
  if (edge !== undefined) return { name: "edge", version: major(edge) };
  if (/\b(?:OPR|Opera|SamsungBrowser|YaBrowser|Vivaldi)\//.test(userAgent)) {
    return { name: "other", version: null };
  }
  const firefox = match(/\b(?:Firefox|FxiOS)\/(\d+)/);
  if (firefox !== undefined) return { name: "firefox", version: major(firefox) };
  const chrome = match(/\b(?:Chrome|CriOS|HeadlessChrome|Chromium)\/(\d+)/);
  if (chrome !== undefined) return { name: "chrome", version: major(chrome) };
  const safari = match(/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//);
  if (safari !== undefined) return { name: "safari", version: major(safari) };
  return { name: "other", version: null };
}

export function browserIdentity(navigatorLike: {
  readonly userAgent?: string;
  readonly userAgentData?: { readonly brands?: readonly Brand[] };
}): BrowserIdentity {
  const brands = navigatorLike.userAgentData?.brands;
  if (brands !== undefined && brands.length > 0) {
    const hinted = fromBrands(brands);
    if (hinted !== null) return hinted;
  }
  return fromUserAgent(navigatorLike.userAgent ?? "");
}
