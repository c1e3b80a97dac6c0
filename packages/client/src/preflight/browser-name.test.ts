import { describe, expect, it } from "vitest";
import { browserIdentity, fromUserAgent } from "./browser-name.js";

describe("browser name and version (R-PRE-4)", () => {
  it.each([
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
      131,
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
      "chrome",
      156,
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
      "edge",
      131,
    ],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "firefox", 133],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "safari",
      18,
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "safari",
      17,
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.153 Mobile/15E148 Safari/604.1",
      "chrome",
      126,
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
      "other",
      null,
    ],
    ["Node.js/24", "other", null],
  ])("%s → %s %s", (userAgent, name, version) => {
    expect(fromUserAgent(userAgent)).toEqual({ name, version });
  });

  it("prefers the client hints' brands when present", () => {
    const userAgent =
      "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36";
    const brands = (list: [string, string][]) => ({
      userAgent,
      userAgentData: { brands: list.map(([brand, version]) => ({ brand, version })) },
    });
    expect(
      browserIdentity(
        brands([
          ["Microsoft Edge", "132"],
          ["Chromium", "132"],
          ["Not_A Brand", "24"],
        ]),
      ),
    ).toEqual({ name: "edge", version: 132 });
    expect(
      browserIdentity(
        brands([
          ["Google Chrome", "133"],
          ["Chromium", "133"],
        ]),
      ),
    ).toEqual({
      name: "chrome",
      version: 133,
    });
    expect(
      browserIdentity(
        brands([
          ["Chromium", "156"],
          ["Not=A?Brand", "99"],
        ]),
      ),
    ).toEqual({
      name: "chrome",
      version: 156,
    });
    expect(
      browserIdentity(
        brands([
          ["Opera", "115"],
          ["Chromium", "130"],
        ]),
      ),
    ).toEqual({
      name: "other",
      version: 115,
    });
    expect(browserIdentity({ userAgent, userAgentData: { brands: [] } })).toEqual({
      name: "chrome",
      version: 131,
    });
  });
});
