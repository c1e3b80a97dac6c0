// The little content negotiation the API needs: the advice language (en or fr) and whether a
// client prefers JSON over HTML. Weights (`q`) are honoured; ties go to the first offer.

interface Preference {
  readonly value: string;
  readonly q: number;
}

function preferencesOf(header: string): Preference[] {
  const preferences: Preference[] = [];
  for (const part of header.split(",")) {
    const [rawValue = "", ...parameters] = part.split(";");
    const value = rawValue.trim().toLowerCase();
    if (value === "") continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name, weight] = parameter.split("=");
      if (name?.trim().toLowerCase() === "q") {
        const parsed = Number(weight?.trim());
        q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      }
    }
    preferences.push({ value, q });
  }
  return preferences;
}

function best(
  offers: readonly string[],
  preferences: readonly Preference[],
  matches: (offer: string, value: string) => boolean,
): string | null {
  let chosen: string | null = null;
  let chosenQ = 0;
  for (const offer of offers) {
    let q = -1;
    for (const preference of preferences) {
      if (matches(offer, preference.value) && preference.q > q) q = preference.q;
    }
    if (q > chosenQ) {
      chosen = offer;
      chosenQ = q;
    }
  }
  return chosen;
}

/** The advice language a request asks for: "fr" or "en" (the default). */
export function localeOf(acceptLanguage: string | undefined): "en" | "fr" {
  if (acceptLanguage === undefined || acceptLanguage === "") return "en";
  const chosen = best(
    ["en", "fr"],
    preferencesOf(acceptLanguage),
    (offer, value) => value === "*" || value === offer || value.startsWith(`${offer}-`),
  );
  return chosen === "fr" ? "fr" : "en";
}

/** Whether the client prefers `application/json` to `text/html` (HTML when it does not say). */
export function prefersJson(accept: string | undefined): boolean {
  if (accept === undefined || accept === "") return false;
  const chosen = best(["text/html", "application/json"], preferencesOf(accept), (offer, value) => {
    if (value === "*/*" || value === offer) return true;
    return value.endsWith("/*") && offer.startsWith(value.slice(0, -1));
  });
  return chosen === "application/json";
}
