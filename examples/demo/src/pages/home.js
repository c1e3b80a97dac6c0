// Home: choose who you are, then the programme with links to each session's pages.
import { api, attempt, formatInZone, h, renderWho, show } from "./common.js";

const form = document.getElementById("sign-in");
const people = document.getElementById("people");
const otherEmail = document.getElementById("other-email");
const problem = document.getElementById("sign-in-problem");
const sessions = document.getElementById("sessions");

function renderPeople(me) {
  show(
    people,
    me.people.map((person) =>
      h(
        "div",
        { class: "choice" },
        h("input", {
          type: "radio",
          name: "person",
          id: `person-${person.kind}`,
          value: person.email,
          checked: me.user?.email === person.email,
        }),
        h(
          "label",
          { for: `person-${person.kind}` },
          h("strong", {}, person.name),
          ` (${person.email}), ${person.kind}: ${person.about}`,
        ),
      ),
    ),
  );
  if (me.user !== null && !me.people.some((person) => person.email === me.user.email)) {
    document.getElementById("person-other").checked = true;
    otherEmail.value = me.user.email;
  }
}

function liveLabel(session) {
  if (session.streamType !== "live") return "no live";
  if (session.phase === "live") return h("span", { class: "badge live" }, "live now");
  if (session.phase === "ended") return `ended, replay ${session.replay}`;
  return "scheduled";
}

async function renderSessions(me) {
  const list = await api("GET", "/demo/sessions");
  if (list.length === 0) {
    show(
      sessions,
      h("p", {}, "No published session yet. The admin creates them in the back office."),
    );
    return;
  }
  show(
    sessions,
    h(
      "table",
      {},
      h("caption", { class: "muted" }, "Times are shown in each event's time zone."),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          ["Session", "When", "Status", "Live", "Pages"].map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        list.map((session) =>
          h(
            "tr",
            { "data-session": session.id },
            h(
              "td",
              {},
              session.title,
              session.room ? h("div", { class: "muted" }, session.room) : null,
            ),
            h("td", {}, formatInZone(session.startsAt, session.timeZone)),
            h("td", {}, session.status),
            h("td", {}, liveLabel(session)),
            h(
              "td",
              {},
              h("a", { href: `/sessions/${encodeURIComponent(session.id)}` }, "Event page"),
              session.myRoles.length > 0
                ? [
                    " · ",
                    h(
                      "a",
                      { href: `/sessions/${encodeURIComponent(session.id)}/control` },
                      `Control room (${session.myRoles.join(", ")})`,
                    ),
                  ]
                : null,
              me.user?.admin
                ? [
                    " · ",
                    h(
                      "a",
                      { href: `/backoffice?session=${encodeURIComponent(session.id)}` },
                      "Back office",
                    ),
                  ]
                : null,
            ),
          ),
        ),
      ),
    ),
  );
}

async function refresh() {
  const me = await renderWho();
  renderPeople(me);
  await renderSessions(me);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const chosen = form.querySelector('input[name="person"]:checked');
  const email = chosen === null ? "" : chosen.value || otherEmail.value;
  await attempt(problem, async () => {
    await api("POST", "/demo/sign-in", { email });
    await refresh();
  });
});

otherEmail.addEventListener("input", () => {
  document.getElementById("person-other").checked = true;
});

refresh().catch((error) => show(sessions, h("p", { role: "alert" }, String(error.message))));
