import type { RoomStream } from "@onair/client";
import type { Role, Stage, StageInput } from "@onair/core";
import { troubleshootingItems } from "@onair/core/browser";
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { OnAirProvider, StagePicker } from "../src/index.js";
import { aFakeVideoClient, createFakeControlRoom, createFakeLiveClient } from "./fakes.js";
import { ControlRoomPage } from "./pages.js";

afterEach(cleanup);

const streams: RoomStream[] = [
  {
    streamId: "st_a",
    videoType: "camera",
    hasVideo: true,
    hasAudio: true,
    local: true,
    onStage: false,
  },
  {
    streamId: "st_b",
    videoType: "screen",
    hasVideo: true,
    hasAudio: false,
    local: false,
    onStage: true,
  },
];

function renderRoom(
  role: Role,
  options: { phase?: "scheduled" | "live" | "ended"; strict?: boolean; locale?: string } = {},
) {
  const recording = aFakeVideoClient();
  const created: ReturnType<typeof createFakeControlRoom>[] = [];
  const client = createFakeLiveClient((sessionId, video) => {
    const fake = createFakeControlRoom(sessionId, video, {
      role,
      phase: options.phase ?? "scheduled",
      streams,
    });
    created.push(fake);
    return fake.room;
  });
  const tree = (
    <OnAirProvider client={client} video={recording.video} locale={options.locale ?? "en"}>
      <ControlRoomPage sessionId="ses_1" />
    </OnAirProvider>
  );
  const view = render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
  return { ...view, recording, created, fake: () => created[0]! };
}

const connected = () => screen.findByRole("button", { name: "Leave" });
const button = (name: string) => screen.queryByRole("button", { name });

describe("controls per role (SPEC §2, from the grant's capabilities)", () => {
  it("R-PERM-1: a moderator sees start, the stage, sharing, presence, camera and microphone", async () => {
    renderRoom("moderator");
    await connected();
    expect(button("Start the live")).not.toBeNull();
    expect(screen.queryByRole("group", { name: "On screen" })).not.toBeNull();
    expect(screen.queryByLabelText(/Share a file/)).not.toBeNull();
    expect(button("Share my screen")).not.toBeNull();
    expect(button("Turn camera on")).not.toBeNull();
    expect(button("Mute microphone")).not.toBeNull();
    await waitFor(() => expect(screen.queryByText("184 viewers")).not.toBeNull());
  });

  it("R-PERM-1: a speaker shares and publishes but sees no start, stop, stage or presence", async () => {
    const { fake } = renderRoom("speaker", { phase: "live" });
    await connected();
    expect(button("Share my screen")).not.toBeNull();
    expect(button("Turn camera on")).not.toBeNull();
    expect(button("Mute microphone")).not.toBeNull();
    expect(button("Start the live")).toBeNull();
    expect(button("Stop the live")).toBeNull();
    expect(screen.queryByRole("group", { name: "On screen" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Connected" })).toBeNull();
    expect(fake().calls).not.toContain("refreshPresence");
  });

  it("R-PERM-1: an attendee is refused the control room and gets no control", async () => {
    const { recording } = renderRoom("attendee");
    await screen.findByText("You cannot enter this control room.");
    for (const name of ["Start the live", "Share my screen", "Turn camera on", "Mute microphone"]) {
      expect(button(name)).toBeNull();
    }
    expect(recording.count("connect")).toBe(0);
  });

  it("R-PERM-2: a refusal shows the troubleshooting advice, wrong email first", async () => {
    renderRoom("attendee", { locale: "fr" });
    const alert = await screen.findByRole("alert");
    const advice = [...alert.querySelectorAll("[data-advice]")];
    expect(advice.map((item) => item.getAttribute("data-advice"))).toEqual(
      troubleshootingItems.map((item) => item.code),
    );
    expect(advice[0]?.textContent).toBe(troubleshootingItems[0]?.text.fr);
  });
});

describe("entering", () => {
  it("R-PERM-3: the camera is off on entry, the microphone on", async () => {
    const { recording } = renderRoom("speaker");
    await connected();
    const publish = recording.video.calls.find((call) => call.method === "publishCamera");
    expect(publish?.details).toMatchObject({ publishVideo: false, publishAudio: true });
    expect(button("Turn camera on")).not.toBeNull();
    fireEvent.click(button("Turn camera on")!);
    await screen.findByRole("button", { name: "Turn camera off" });
    expect(recording.count("publishCamera")).toBe(1); // the camera is turned on, not published twice
  });

  it("StrictMode double mounts create one connection and one publisher; unmount stops every track", async () => {
    const { recording, created, unmount } = renderRoom("moderator", { strict: true });
    await connected();
    expect(created).toHaveLength(1);
    expect(recording.count("connect")).toBe(1);
    expect(recording.count("publishCamera")).toBe(1);
    unmount();
    await waitFor(() => expect(recording.count("leave")).toBe(1));
    expect(recording.video.tracks.length).toBeGreaterThan(0);
    expect(recording.video.tracks.every((track) => track.readyState === "ended")).toBe(true);
  });
});

describe("start and stop", () => {
  it("R-LIFE-1: a moderator starts the live; the start button then gives way to stop", async () => {
    const { fake } = renderRoom("moderator");
    await connected();
    fireEvent.click(button("Start the live")!);
    await screen.findByRole("button", { name: "Stop the live" });
    expect(fake().calls).toContain("startLive");
    expect(button("Start the live")).toBeNull();
  });

  it("R-LIFE-2: stop only after the confirmation, which says the stop is final and starts the replay", async () => {
    const { fake } = renderRoom("moderator", { phase: "live" });
    await connected();
    const stop = button("Stop the live")!;
    fireEvent.click(stop);
    const dialog = await screen.findByRole("dialog", { name: "Stop the live?" });
    expect(dialog.textContent).toMatch(/final/);
    expect(dialog.textContent).toMatch(/replay/);
    expect(document.activeElement).toBe(
      screen.getByRole("button", { name: "Keep the live running" }),
    );
    expect(fake().calls).not.toContain("stopLive");

    fireEvent.click(screen.getByRole("button", { name: "Keep the live running" }));
    await waitFor(() => expect((dialog as HTMLDialogElement).open).toBe(false));
    expect(document.activeElement).toBe(stop);
    expect(fake().calls).not.toContain("stopLive");

    fireEvent.click(stop);
    await waitFor(() => expect((dialog as HTMLDialogElement).open).toBe(true));
    fireEvent.click(screen.getByRole("button", { name: "Stop for good" }));
    await screen.findByText("The live has ended.");
    expect(fake().calls.filter((call) => call === "stopLive")).toHaveLength(1);
    expect(button("Stop the live")).toBeNull();
    expect(button("Start the live")).toBeNull();
  });
});

describe("stage, sharing and presence", () => {
  it("R-STAGE-1: a moderator puts streams on screen with a layout", async () => {
    const { fake } = renderRoom("moderator", { phase: "live" });
    await connected();
    fireEvent.click(screen.getByRole("checkbox", { name: /Camera 1 \(you\)/ }));
    fireEvent.change(screen.getByLabelText("Layout"), { target: { value: "focus" } });
    fireEvent.click(button("Update the screen")!);
    await waitFor(() =>
      expect(fake().calls.some((call) => call.startsWith("setStage:"))).toBe(true),
    );
    const sent = JSON.parse(
      fake()
        .calls.find((call) => call.startsWith("setStage:"))!
        .slice(9),
    );
    expect(sent).toEqual({ streamIds: ["st_a"], layout: "focus", focusStreamId: "st_a" });
  });

  it("R-STAGE-1: a choice not yet sent survives a pushed copy of the same stage, and yields to a changed one", async () => {
    const sent: StageInput[] = [];
    const picker = (stage: Stage) => (
      <OnAirProvider client={createFakeLiveClient(() => null as never)} locale="en">
        <StagePicker
          streams={streams}
          stage={stage}
          canManage
          setStage={async (input) => {
            sent.push(input);
          }}
        />
      </OnAirProvider>
    );
    const shown: Stage = { streamIds: ["st_b"], layout: "grid", focusStreamId: null };
    const view = render(picker(shown));
    const camera = () => screen.getByRole("checkbox", { name: /Camera 1 \(you\)/ });
    fireEvent.click(camera());
    expect((camera() as HTMLInputElement).checked).toBe(true);
    // Another push (a presence change, a new stream) carries an equal stage in a new object.
    view.rerender(picker({ ...shown, streamIds: [...shown.streamIds] }));
    expect((camera() as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Update the screen" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]?.streamIds).toEqual(["st_b", "st_a"]);
    // Another moderator's change does win over what is on screen here.
    view.rerender(picker({ streamIds: [], layout: "grid", focusStreamId: null }));
    expect((camera() as HTMLInputElement).checked).toBe(false);
  });

  it("R-PERM-4: a speaker shares a file and turns its pages", async () => {
    const { fake } = renderRoom("speaker", { phase: "live" });
    await connected();
    const input = screen.getByLabelText(/Share a file/) as HTMLInputElement;
    const file = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46])], "deck.pdf", {
      type: "application/pdf",
    });
    await act(async () => {
      fireEvent.change(input, { target: { files: [file] } });
    });
    await screen.findByText("Page 1 of 3");
    expect(fake().calls).toContain("shareContent:deck.pdf");
    fireEvent.click(button("Next page")!);
    await screen.findByText("Page 2 of 3");
    fireEvent.click(button("Stop sharing")!);
    await screen.findByRole("button", { name: "Share my screen" });
  });

  it("R-PRE-6: the control room speaks French", async () => {
    renderRoom("moderator", { locale: "fr" });
    await screen.findByRole("button", { name: "Quitter" });
    expect(button("Lancer le direct")).not.toBeNull();
    expect(button("Allumer la caméra")).not.toBeNull();
  });
});
