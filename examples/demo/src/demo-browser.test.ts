// The demo in a real browser (Debian's Chromium, driven by playwright-core): a moderator signs in,
// enters the control room, connects the simulated client and goes live, while an attendee's event
// page switches to live by itself. Skipped, saying why, only where /usr/bin/chromium is missing.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Clock, systemClock } from "@onair/core";
import { createMockLiveProvider } from "@onair/testing";
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

/** A PDF with one line of text per page, its cross-reference table at the right offsets. */
function pdfOf(pages: readonly string[]): Buffer {
  const pageIds = pages.map((_, index) => 4 + index * 2);
  const objects: string[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  pages.forEach((text, index) => {
    const content = `BT /F1 24 Tf 40 ${150 - index * 40} Td (${text}) Tj ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents ${(pageIds[index] as number) + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });
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

/** Whether a video of a page shows different pixels in two frames half a second apart. */
async function framesDiffer(page: Page, selector = "video"): Promise<boolean> {
  return page.evaluate(async (selector) => {
    const video = document.querySelector<HTMLVideoElement>(selector);
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
  }, selector);
}

/**
 * What a video shows in the middle of its picture (where a letterboxed page is), once it shows a
 * document: the share of white pixels, the number of dark ones, and a coarse grey-level picture
 * to compare two pages. Waits up to `timeoutMs` for a white page with dark text on it.
 */
async function documentPicture(page: Page, selector: string, timeoutMs = 5_000) {
  return page.evaluate(
    async ({ selector, timeoutMs }) => {
      const deadline = Date.now() + timeoutMs;
      const canvas = document.createElement("canvas");
      canvas.width = 320;
      canvas.height = 180;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      let last = { white: 0, dark: 0, grey: [] as number[] };
      while (context !== null) {
        const video = document.querySelector<HTMLVideoElement>(selector);
        if (video !== null && video.videoWidth > 0) {
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          // The middle third across: inside the page, away from the letterbox bars.
          const data = context.getImageData(110, 0, 100, canvas.height).data;
          let white = 0;
          let dark = 0;
          const grey: number[] = [];
          for (let i = 0; i < data.length; i += 4) {
            const level = ((data[i] ?? 0) + (data[i + 1] ?? 0) + (data[i + 2] ?? 0)) / 3;
            if (level > 200) white += 1;
            if (level < 100) dark += 1;
            grey.push(Math.round(level / 32));
          }
          last = { white: white / (data.length / 4), dark, grey };
          if (last.white > 0.8 && last.dark > 10) return last;
        }
        if (Date.now() > deadline) return last;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return last;
    },
    { selector, timeoutMs },
  );
}

/** Signs in on the home page as one of the demo's people. */
async function signIn(page: Page, base: string, name: RegExp, email: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByRole("radio", { name }).check();
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(`#who [data-email="${email}"]`).waitFor();
}

/** A moderator's presence count, as the control room shows it ("1 speaker", "0 speakers"). */
function presenceItem(page: Page, text: string) {
  return page.getByRole("region", { name: "Connected" }).getByText(text, { exact: true });
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

  it("tells the whole story: back office, preflight, control room, event page, replay", async () => {
    const admin = await (await browser.newContext()).newPage();
    const moderator = await (await browser.newContext()).newPage();
    const attendee = await (await browser.newContext()).newPage();
    const adminErrors = watchErrors(admin);
    const moderatorErrors = watchErrors(moderator);
    const attendeeErrors = watchErrors(attendee);

    // Home, then Ada's back office.
    await admin.goto(`${base}/`);
    await shoot(admin, "home");
    await signIn(admin, base, /^Ada /, "admin@example.com");
    await admin.getByRole("link", { name: "Back office" }).first().click();
    await admin.getByRole("heading", { name: "Back office" }).waitFor();
    await shoot(admin, "backoffice");

    // Times are entered in the session's zone, labelled with it; a start in the past is warned
    // about before anything is sent.
    expect(await admin.getByLabel("Starts (Europe/Paris)").count()).toBe(1);
    const warning = admin.locator("#starts-warning");
    expect(await warning.textContent()).toBe("");
    const nextHour = await admin.getByLabel(/^Starts/).inputValue();
    await admin.getByLabel(/^Starts/).fill("2020-01-06T10:00");
    await warning.getByText(/in the past/).waitFor();
    await shoot(admin, "backoffice-start-in-the-past");
    await admin.getByLabel(/^Starts/).fill(nextHour);
    await warning.getByText(/in the past/).waitFor({ state: "detached" });

    // The draft is created; publishing it is refused inline until a moderator is added, and the
    // refusal goes away once publishing succeeds.
    await admin.getByLabel("Title").fill("Browser rehearsal");
    await admin.getByRole("button", { name: "Create the draft" }).click();
    await admin.locator('#status[data-status="draft"]').waitFor();
    const sessionId = new URL(admin.url()).searchParams.get("session") ?? "";
    expect(sessionId).not.toBe("");
    await admin.getByRole("button", { name: "Publish" }).click();
    const refusal = admin.locator("#actions-problem");
    await refusal.locator('[data-code="NO_MODERATOR"]').waitFor();
    expect(await refusal.locator('[data-advice="add-moderator"]').count()).toBe(1);
    await shoot(admin, "backoffice-refusal");
    await admin.getByRole("button", { name: "Add" }).click(); // lea@example.com, moderator
    await admin.getByRole("button", { name: "Remove lea@example.com as moderator" }).waitFor();
    await admin.getByLabel("Email").fill("sam@example.com");
    await admin.getByLabel("Role").selectOption("speaker");
    await admin.getByRole("button", { name: "Add" }).click();
    await admin.getByRole("button", { name: "Remove sam@example.com as speaker" }).waitFor();
    await admin.getByRole("button", { name: "Publish" }).click();
    await admin.locator('#status[data-status="published"]').waitFor();
    expect(await refusal.textContent()).toBe("");
    // The session's times and the history's carry the zone's name; the history names Ada.
    const panel = admin.getByRole("region", { name: "Session: Browser rehearsal" });
    expect(await panel.getByText(/\(Europe\/Paris\)$/).count()).toBeGreaterThanOrEqual(2);
    const history = admin.locator("#history li");
    expect(await history.count()).toBeGreaterThanOrEqual(4);
    for (const entry of await history.allTextContents()) {
      expect(entry).toMatch(/\(Europe\/Paris\) .*, by Ada$/);
    }
    expect(await admin.locator("#history").textContent()).not.toMatch(/admin admin|system/);
    await shoot(admin, "backoffice-published");

    // Léa opens the control room of the new session: the preflight shows its verdict first.
    await signIn(moderator, base, /^Léa /, "lea@example.com");
    await moderator.goto(`${base}/sessions/${sessionId}/control`);
    const verdict = moderator.locator("[data-overall]");
    await verdict.waitFor({ timeout: 15_000 });
    expect(await verdict.getAttribute("data-overall")).not.toBe("blocked");
    expect((await verdict.textContent())?.length ?? 0).toBeGreaterThan(0);
    expect(await moderator.locator("[data-check][data-verdict]").count()).toBeGreaterThan(0);
    await shoot(moderator, "preflight");

    // Entered with a fresh grant: moderator, camera off, backstage, and the client connected.
    await moderator.getByRole("button", { name: "Enter the control room" }).click();
    await moderator.locator("#grant-role").waitFor();
    expect(await moderator.locator("#grant-role").textContent()).toBe("moderator");
    expect(await moderator.locator("#grant-camera").textContent()).toBe("off");
    expect(await moderator.locator("#grant-stage").textContent()).toBe("no, backstage");
    await moderator.locator('#room-status[data-status="connected"]').waitFor();
    expect(await moderator.getByText(/^Starts .+ \(Europe\/Paris\)$/).count()).toBe(1);
    await shoot(moderator, "control-room");

    // The attendee's event page waits, then switches to live by itself when Léa starts.
    await attendee.goto(`${base}/sessions/${sessionId}`);
    await attendee.locator('#screen[data-screen="waiting"]').waitFor();
    // Every time on the page says which zone it is in.
    // The waiting screen gives the start time once, in the session's zone, named.
    expect(await attendee.getByText(/^Starts at .+ \(Europe\/Paris\)$/).count()).toBe(1);
    expect(await attendee.getByText(/^Starts .+ \(Europe\/Paris\)$/).count()).toBe(1);
    // The session's title shows once: the screen's heading, not repeated by the page.
    expect(await attendee.getByText("Browser rehearsal", { exact: true }).count()).toBe(1);
    expect(await attendee.getByRole("heading", { name: "Browser rehearsal" }).count()).toBe(1);
    await shoot(attendee, "event-waiting");
    await moderator.getByRole("button", { name: "Start the live" }).click();
    await attendee.locator('#screen[data-screen="live"]').waitFor({ timeout: 5_000 });
    // Once live, the page still says when it started, with the zone.
    expect(await attendee.getByText(/^Starts .+ \(Europe\/Paris\)$/).count()).toBe(1);

    // A reload of the control room mid-live goes back into the room and keeps the stop button,
    // without pressing anything.
    await moderator.getByRole("button", { name: "Stop the live…" }).waitFor();
    await moderator.reload();
    await moderator.getByRole("button", { name: "Stop the live…" }).waitFor({ timeout: 10_000 });
    await moderator.locator('#room-status[data-status="connected"]').waitFor();

    // The camera goes on (the button turns into "off", R-PERM-3), then onto the stage: the grant
    // panel follows both by itself.
    await moderator.getByRole("button", { name: "Turn my camera on" }).click();
    await moderator.getByRole("button", { name: "Turn my camera off" }).waitFor();
    await moderator.locator("#grant-camera", { hasText: /^on$/ }).waitFor();
    await moderator.getByRole("checkbox", { name: "Camera 1 (you)" }).check();
    await moderator.getByRole("button", { name: "Update the screen" }).click();
    await moderator.locator("#grant-stage", { hasText: "yes, on stage" }).waitFor();

    // Presence is pushed: Sam's page joining raises the speakers' count on Léa's page, his
    // leaving lowers it, with nothing pressed on Léa's side.
    await presenceItem(moderator, "0 speakers").waitFor({ timeout: 5_000 });
    const speakerContext = await browser.newContext();
    const speaker = await speakerContext.newPage();
    const speakerErrors = watchErrors(speaker);
    await signIn(speaker, base, /^Sam /, "sam@example.com");
    await speaker.goto(`${base}/sessions/${sessionId}/control`);
    await speaker
      .getByRole("button", { name: "Enter the control room" })
      .click({ timeout: 15_000 });
    await speaker.locator('#room-status[data-status="connected"]').waitFor();
    const joinedAt = Date.now();
    await presenceItem(moderator, "1 speaker").waitFor({ timeout: 4_000 });
    const joinSeenMs = Date.now() - joinedAt;
    // R-PERM-6: the viewers are the attendee's page only; the control rooms, which follow the
    // audience view too, count as their moderator and speaker (it showed "3 viewers").
    await presenceItem(moderator, "1 viewer").waitFor({ timeout: 6_000 });
    await presenceItem(moderator, "1 moderator").waitFor();
    expect(await speaker.locator("#grant-role").textContent()).toBe("speaker");
    await shoot(speaker, "control-room-speaker");
    expect(speakerErrors).toEqual([]);
    // Sam comes back, then closes his tab without pressing anything: he leaves with the page.
    await speaker.getByRole("button", { name: "Leave" }).click();
    await speaker.locator('#room-status[data-status="left"]').waitFor();
    let leftAt = Date.now();
    await presenceItem(moderator, "0 speakers").waitFor({ timeout: 4_000 });
    const leaveSeenMs = Date.now() - leftAt;
    await speaker.reload();
    await speaker.getByRole("button", { name: "Leave" }).waitFor({ timeout: 15_000 });
    await speaker.locator('#room-status[data-status="connected"]').waitFor();
    await presenceItem(moderator, "1 speaker").waitFor({ timeout: 4_000 });
    await speaker.close();
    leftAt = Date.now();
    await presenceItem(moderator, "0 speakers").waitFor({ timeout: 4_000 });
    const closeSeenMs = Date.now() - leftAt;
    expect(await presenceItem(moderator, "1 viewer").count()).toBe(1);
    await speakerContext.close();
    console.info(
      `Presence on the moderator's page: join seen in ${joinSeenMs} ms, leave in ${leaveSeenMs} ms, tab closed in ${closeSeenMs} ms.`,
    );

    // A file that is not what it says is refused, and the refusal goes away once a real PDF is
    // shared (checked by the server, drawn by pdf.js) and put on stage beside the camera.
    await moderator.getByLabel(/^Share a file/).setInputFiles({
      name: "slides.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("this is not a PDF"),
    });
    // One box (the room's), with the server's code and advice; nothing else repeats it.
    const roomRefusal = moderator.locator('[role="alert"][data-code]');
    await roomRefusal.waitFor();
    expect(await roomRefusal.count()).toBe(1);
    expect(await roomRefusal.getAttribute("data-code")).toBe("UNSUPPORTED_CONTENT");
    expect(await roomRefusal.getByText("This type of file cannot be shared").count()).toBe(1);
    await shoot(moderator, "control-room-refusal");
    await moderator.getByLabel(/^Share a file/).setInputFiles({
      name: "slides.pdf",
      mimeType: "application/pdf",
      buffer: pdfOf(["Welcome to the keynote", "Second page: the agenda"]),
    });
    await moderator.getByRole("button", { name: "Stop sharing" }).waitFor({ timeout: 10_000 });
    await roomRefusal.waitFor({ state: "detached" });
    await moderator.getByText("Shared content 1 (you)").first().waitFor();
    const pdfStreamId = await moderator
      .locator("li", { hasText: "Shared content 1 (you)" })
      .locator("[data-stream-id]")
      .getAttribute("data-stream-id");
    const cameraStreamId = await moderator
      .locator("li", { hasText: "Camera 1 (you)" })
      .locator("[data-stream-id]")
      .getAttribute("data-stream-id");
    expect(pdfStreamId).not.toBeNull();
    expect(cameraStreamId).not.toBeNull();
    await moderator.getByRole("checkbox", { name: "Shared content 1 (you)" }).check();
    await moderator.getByRole("button", { name: "Update the screen" }).click();
    const pdfTile = `#stage video[data-stream-id="${pdfStreamId}"]`;
    const cameraTile = `#stage video[data-stream-id="${cameraStreamId}"]`;
    await attendee.locator(pdfTile).waitFor({ timeout: 5_000 });

    // Subscriber delivery (R-AUD-1): the camera plays on the event page, peer-to-peer, and moves;
    // the PDF's tile shows the page (dark text on white), and turning the page changes it.
    expect(await framesDiffer(attendee, cameraTile)).toBe(true);
    const firstPage = await documentPicture(attendee, pdfTile);
    expect(firstPage.white).toBeGreaterThan(0.8);
    expect(firstPage.dark).toBeGreaterThan(10);
    await shoot(attendee, "event-live-camera-and-pdf");
    await shoot(moderator, "control-room-sharing");
    await moderator.getByRole("button", { name: "Next page" }).click();
    await moderator.getByText("Page 2 of 2").waitFor();
    const deadline = Date.now() + 5_000;
    let secondPage = await documentPicture(attendee, pdfTile);
    while (secondPage.grey.join() === firstPage.grey.join() && Date.now() < deadline) {
      await attendee.waitForTimeout(100);
      secondPage = await documentPicture(attendee, pdfTile);
    }
    expect(secondPage.grey).not.toEqual(firstPage.grey);
    expect(secondPage.white).toBeGreaterThan(0.8);
    expect(secondPage.dark).toBeGreaterThan(10);
    await shoot(attendee, "event-live-pdf-page-2");
    await shoot(attendee, "event-live");
    await shoot(moderator, "control-room-live");

    // The player starts muted, with a visible unmute control.
    const stageVideo = attendee.locator(cameraTile);
    const unmute = attendee.getByRole("button", { name: "Unmute" });
    await unmute.waitFor();
    expect(await unmute.isVisible()).toBe(true);
    expect(await stageVideo.evaluate((video: HTMLVideoElement) => video.muted)).toBe(true);
    await unmute.click();
    await attendee.getByRole("button", { name: "Mute" }).waitFor();
    expect(await stageVideo.evaluate((video: HTMLVideoElement) => video.muted)).toBe(false);

    // Stopping asks for an explicit confirmation; keeping the live closes the dialog harmlessly.
    await moderator.getByRole("button", { name: "Stop the live…" }).click();
    await shoot(moderator, "control-room-stop-dialog");
    await moderator.getByRole("button", { name: "Keep the live going" }).click();
    expect((await demo.service.getSession(sessionId)).live.phase).toBe("live");
    await moderator.getByRole("button", { name: "Stop the live…" }).click();
    await moderator.getByRole("button", { name: "Stop the live for good" }).click();
    await attendee.locator('#screen[data-screen="replay-processing"]').waitFor({ timeout: 5_000 });
    await shoot(attendee, "event-replay-processing");
    await shoot(moderator, "control-room-ended");

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
    expect(demo.media.recording(sessionId)?.body.length ?? 0).toBeGreaterThan(0);
    await shoot(attendee, "event-replay");

    // Back in the back office, the session shows as ended.
    await admin.reload();
    await admin.getByText(/^ended, replay /).waitFor();
    // The history says who did what in words: Léa's start and stop as a moderator's (no email, no
    // "person"), the provider's and onair's own steps as such.
    const historyText = (await admin.locator("#history").textContent()) ?? "";
    expect(historyText).toMatch(/live-started, by a moderator/);
    expect(historyText).toMatch(/live-stopped, by a moderator/);
    expect(historyText).toMatch(/, by the video provider/);
    expect(historyText).not.toMatch(/by (person|system|admin admin)|@example\.com/);
    await shoot(admin, "backoffice-ended");

    // The only failed requests are the refused publish and the refused file, both shown.
    expect(adminErrors.filter((error) => !error.includes("409"))).toEqual([]);
    expect(moderatorErrors.filter((error) => !/\b4(15|22)\b/.test(error))).toEqual([]);
    expect(attendeeErrors).toEqual([]);
  }, 90_000);

  it('R-LIFE-3: shows the holding slate, not "starting", once everyone left and the provider stopped', async () => {
    // A demo of its own whose provider stops an empty room's broadcast after 1 s (60 s by default).
    const provider = createMockLiveProvider<Clock>({
      clock: systemClock,
      idleStopMs: 1_000,
      processingMs: 1_500,
    });
    const idleDemo = createDemoApp({
      provider,
      serviceOptions: { audienceDelivery: "subscribers" },
    });
    const idleKeynote = (await seedDemo(idleDemo.service, provider.clock)).keynoteId;
    const idleServer = createServer(idleDemo.app);
    await new Promise<void>((resolve) => idleServer.listen(0, "127.0.0.1", resolve));
    const idleBase = `http://127.0.0.1:${(idleServer.address() as AddressInfo).port}`;
    // With subscriber delivery there may be no broadcast: the recording is what the provider stops.
    const stoppedByProvider = (event: (typeof provider.events)[number]) =>
      (event.type === "broadcast" || event.type === "recording") &&
      "status" in event &&
      event.status === "stopped";
    try {
      const moderator = await (await browser.newContext()).newPage();
      const attendee = await (await browser.newContext()).newPage();
      const attendeeErrors = watchErrors(attendee);
      await signIn(moderator, idleBase, /^Léa /, "lea@example.com");
      await moderator.goto(`${idleBase}/sessions/${idleKeynote}/control`);
      await moderator
        .getByRole("button", { name: "Enter the control room" })
        .click({ timeout: 15_000 });
      await moderator.locator('#room-status[data-status="connected"]').waitFor();
      await attendee.goto(`${idleBase}/sessions/${idleKeynote}`);
      await moderator.getByRole("button", { name: "Start the live" }).click();
      await attendee.locator('#screen[data-screen="live"]').waitFor({ timeout: 5_000 });

      // Léa leaves; nobody is left in the room, and the provider stops the broadcast.
      await moderator.getByRole("button", { name: "Leave" }).click();
      await moderator.locator('#room-status[data-status="left"]').waitFor();
      await expect
        .poll(() => provider.events.filter(stoppedByProvider).map((event) => event.type), {
          timeout: 10_000,
        })
        .not.toEqual([]);
      // R-LIFE-3: the live does not stop by itself, so the page stays on the live screen, but it
      // shows the holding slate (the stage emptied), never "starting"; the speaker's return
      // would bring the stage back.
      await attendee.locator('[data-onair="holding-slate"]').waitFor({ timeout: 10_000 });
      expect(await attendee.locator("#stage video").count()).toBe(0);
      expect(await attendee.locator("#screen").textContent()).not.toMatch(/starting/i);
      expect((await idleDemo.service.getSession(idleKeynote)).live.phase).toBe("live");
      await shoot(attendee, "event-after-everyone-left");
      expect(attendeeErrors).toEqual([]);
    } finally {
      await idleDemo.close();
      idleServer.closeAllConnections();
      await new Promise((resolve) => idleServer.close(resolve));
      provider.dispose();
    }
  }, 60_000);

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
