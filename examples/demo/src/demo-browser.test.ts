// The demo in a real browser (Debian's Chromium, driven by playwright-core): a moderator signs in,
// enters the control room, connects the simulated client and goes live, while an attendee's event
// page switches to live by itself. Skipped, saying why, only where /usr/bin/chromium is missing.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoApp, type DemoApp } from "./create-demo-app.js";
import { seedDemo } from "./demo-seed.js";

const chromiumPath = "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  console.warn(
    `Skipping the demo's browser test: ${chromiumPath} does not exist (apt-get install chromium).`,
  );
}

/** Uncaught errors, console errors (a CSP violation shows up there too) and failed requests. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

/** Screenshots for people to look at, in a git-ignored folder. */
const screenshotsDir = new URL("../screenshots/", import.meta.url);
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, screenshotsDir).pathname, fullPage: true });
}

/** A one-page PDF with a line of text, its cross-reference table at the right offsets. */
function onePagePdf(text: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${`BT /F1 24 Tf 40 150 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 24 Tf 40 150 Td (${text}) Tj ET\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, "latin1");
}

/** Whether the first video of a page shows different pixels in two frames half a second apart. */
async function framesDiffer(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const video = document.querySelector("video");
    if (video === null) return false;
    const deadline = Date.now() + 10_000;
    while (video.videoWidth === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const canvas = document.createElement("canvas");
    canvas.width = 160;
    canvas.height = 120;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (context === null || video.videoWidth === 0) return false;
    const frame = () => {
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      return context.getImageData(0, 0, canvas.width, canvas.height).data;
    };
    const first = frame();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = frame();
    return first.some((value, index) => value !== second[index]);
  });
}

describe.skipIf(!hasChromium)(`the demo in Chromium (needs ${chromiumPath})`, () => {
  let browser: Browser;
  let demo: DemoApp;
  let server: Server;
  let base: string;
  let keynoteId: string;

  beforeAll(async () => {
    demo = createDemoApp({
      serviceOptions: { audienceDelivery: "subscribers" },
      processingMs: 1_500,
    });
    keynoteId = (await seedDemo(demo.service, demo.provider.clock)).keynoteId;
    server = createServer(demo.app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("goes live from the control room and the event page follows", async () => {
    const moderator = await (await browser.newContext()).newPage();
    const attendee = await (await browser.newContext()).newPage();
    const moderatorErrors = watchErrors(moderator);
    const attendeeErrors = watchErrors(attendee);

    // Home: sign in as Léa, then follow her link to the control room.
    await moderator.goto(`${base}/`);
    await moderator.getByLabel("Léa", { exact: false }).check();
    await moderator.getByRole("button", { name: "Sign in" }).click();
    await moderator.locator('#who [data-email="lea@example.com"]').waitFor();
    await moderator.getByRole("link", { name: "Control room (moderator)" }).click();
    await moderator.waitForURL(`${base}/sessions/${keynoteId}/control`);

    // The preflight checks the devices, then the room is entered with a fresh grant: moderator,
    // camera off, backstage, and the client connected.
    await moderator
      .getByRole("button", { name: "Enter the control room" })
      .click({ timeout: 15_000 });
    await moderator.locator("#grant-role").waitFor();
    expect(await moderator.locator("#grant-role").textContent()).toBe("moderator");
    expect(await moderator.locator("#grant-camera").textContent()).toBe("off");
    expect(await moderator.locator("#grant-stage").textContent()).toBe("no, backstage");
    await moderator.locator('#room-status[data-status="connected"]').waitFor();

    // The attendee's event page waits, then switches to live by itself when Léa starts.
    await attendee.goto(`${base}/sessions/${keynoteId}`);
    await attendee.locator('#screen[data-screen="waiting"]').waitFor();
    await shoot(attendee, "event-waiting");
    await moderator.getByRole("button", { name: "Start the live" }).click();
    await attendee.locator('#screen[data-screen="live"]').waitFor({ timeout: 5_000 });

    // A reload of the control room mid-live goes back into the room and keeps the stop button,
    // without pressing anything.
    await moderator.getByRole("button", { name: "Stop the live…" }).waitFor();
    await moderator.reload();
    await moderator.getByRole("button", { name: "Stop the live…" }).waitFor({ timeout: 10_000 });
    await moderator.locator('#room-status[data-status="connected"]').waitFor();

    // The camera goes on (the button turns into "off", R-PERM-3), then onto the stage: the grant
    // panel follows both.
    await moderator.getByRole("button", { name: "Turn my camera on" }).click();
    await moderator.getByRole("button", { name: "Turn my camera off" }).waitFor();
    expect(await moderator.locator("#grant-camera").textContent()).toBe("on");
    await moderator.getByRole("checkbox").first().check();
    await moderator.getByRole("button", { name: "Update the screen" }).click();
    await moderator.locator("#grant-stage", { hasText: "yes, on stage" }).waitFor();

    // A PDF is shared (checked by the server, drawn by pdf.js) and put on stage beside the camera.
    await moderator.getByLabel(/^Share a file/).setInputFiles({
      name: "slides.pdf",
      mimeType: "application/pdf",
      buffer: onePagePdf("Welcome to the keynote"),
    });
    await moderator.getByRole("button", { name: "Stop sharing" }).waitFor({ timeout: 10_000 });
    await moderator.getByText("Shared content 1 (you)").first().waitFor();
    await moderator.getByRole("checkbox").nth(1).check();
    await moderator.getByRole("button", { name: "Update the screen" }).click();
    await attendee.locator("#stage video").nth(1).waitFor({ timeout: 5_000 });
    await attendee.waitForTimeout(500); // the second stream's first frame
    await shoot(attendee, "event-live-camera-and-pdf");
    await shoot(moderator, "control-room-sharing");

    // Subscriber delivery (R-AUD-1): the moderator's camera plays on the event page, peer-to-peer,
    // and it moves.
    const stageVideo = attendee.locator("#stage video").first();
    await stageVideo.waitFor();
    expect(await framesDiffer(attendee)).toBe(true);
    await shoot(attendee, "event-live");
    await shoot(moderator, "control-room-live");
    // The player starts muted, with a visible unmute control.
    const unmute = attendee.getByRole("button", { name: "Unmute" });
    await unmute.waitFor();
    expect(await unmute.isVisible()).toBe(true);
    expect(await stageVideo.evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
    await unmute.click();
    await attendee.getByRole("button", { name: "Mute" }).waitFor();
    expect(await stageVideo.evaluate((video: HTMLVideoElement) => video.muted)).toBe(false);

    // Stopping asks for an explicit confirmation; keeping the live closes the dialog harmlessly.
    await moderator.getByRole("button", { name: "Stop the live…" }).click();
    await moderator.getByRole("button", { name: "Keep the live going" }).click();
    expect((await demo.service.getSession(keynoteId)).live.phase).toBe("live");
    await moderator.getByRole("button", { name: "Stop the live…" }).click();
    await moderator.getByRole("button", { name: "Stop the live for good" }).click();
    await attendee.locator('#screen[data-screen="replay-processing"]').waitFor({ timeout: 5_000 });
    await shoot(attendee, "event-replay-processing");

    // The replay is what the stage showed: recorded in the moderator's browser, uploaded, served
    // by the demo, and it plays.
    await attendee.locator('#screen[data-screen="replay"]').waitFor({ timeout: 10_000 });
    const replay = attendee.locator("#screen video");
    await replay.waitFor();
    const played = await replay.evaluate(async (video: HTMLVideoElement) => {
      video.muted = true;
      await video.play();
      const deadline = Date.now() + 5_000;
      while (video.currentTime === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return { time: video.currentTime, width: video.videoWidth };
    });
    expect(played.time).toBeGreaterThan(0);
    expect(played.width).toBeGreaterThan(0);
    expect(demo.media.recording(keynoteId)?.body.length ?? 0).toBeGreaterThan(0);
    await shoot(attendee, "event-replay");

    expect(moderatorErrors).toEqual([]);
    expect(attendeeErrors).toEqual([]);
  }, 30_000);

  it("shows a back-office refusal inline, then publishes once a moderator is added", async () => {
    const page = await (await browser.newContext()).newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/`);
    await page.getByRole("radio", { name: /^Ada / }).check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('#who [data-email="admin@example.com"]').waitFor();
    await page.getByRole("link", { name: "Back office" }).first().click();

    await page.getByLabel("Title").fill("Browser rehearsal");
    await page.getByRole("button", { name: "Create the draft" }).click();
    await page.locator('#status[data-status="draft"]').waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    const refusal = page.locator("#actions-problem");
    await refusal.locator('[data-code="NO_MODERATOR"]').waitFor();
    expect(await refusal.locator('[data-advice="add-moderator"]').count()).toBe(1);

    await page.getByRole("button", { name: "Add" }).click(); // lea@example.com, moderator
    await page.getByRole("button", { name: "Remove lea@example.com as moderator" }).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    await page.locator('#status[data-status="published"]').waitFor();
    expect(await refusal.textContent()).toBe("");
    // The only failed request is the refused publish, whose problem the page showed.
    expect(errors.filter((error) => !error.includes("409"))).toEqual([]);
  }, 30_000);

  it("tells a visitor to sign in, and a stranger that she is not on the session", async () => {
    const page = await (await browser.newContext()).newPage();
    const errors = watchErrors(page);
    await page.goto(`${base}/sessions/${keynoteId}/control`);
    await page.locator('#access[data-access="sign-in"]').waitFor();
    expect(await page.getByRole("link", { name: "Sign in" }).count()).toBeGreaterThan(0);

    await page.goto(`${base}/`);
    await page.getByRole("radio", { name: /^Eve / }).check();
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator('#who [data-email="eve@example.com"]').waitFor();
    await page.goto(`${base}/sessions/${keynoteId}/control`);
    await page.locator('#access[data-access="not-a-participant"]').waitFor();
    expect(await page.locator("#access").textContent()).toContain("You are not on this session");
    // No troubleshooting list and no preflight: nothing to check for someone who cannot enter.
    expect(await page.getByRole("button", { name: "Enter the control room" }).count()).toBe(0);
    await shoot(page, "control-room-stranger");
    expect(errors).toEqual([]);
  }, 30_000);
});
