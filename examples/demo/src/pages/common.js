// Shared by the demo's pages: JSON calls to the server, problem+json rendering, the header that
// says who is signed in, and a small DOM builder (text only: data never becomes markup).

/** A refused call: the server's problem document (code, title, detail, advice, issues). */
export class ProblemError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {
      code: `HTTP_${status}`,
      title: "Request failed",
      status,
      detail: `The server answered ${status}.`,
    };
  }
}

/** Calls the server with a JSON body (state-changing routes accept JSON only). */
export async function api(method, path, body) {
  const headers = { accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const type = response.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ProblemError(response.status, data);
  return data;
}

/** Creates an element; strings among the children become text nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === "string" || typeof child === "number" ? String(child) : child);
  }
  return element;
}

/** Replaces the content of an element. */
export function show(element, ...children) {
  element.replaceChildren(...children.flat().filter((child) => child != null && child !== false));
}

/** Shows a refusal inline: code, detail, then what to do about it (advice) and field issues. */
export function showProblem(container, error) {
  if (!(error instanceof ProblemError)) {
    show(
      container,
      h("p", {}, h("strong", {}, "Network error: "), String(error?.message ?? error)),
    );
    return;
  }
  const { problem, status } = error;
  show(
    container,
    h(
      "p",
      {},
      h("strong", {}, `${problem.title ?? "Refused"} `),
      h("code", { "data-code": problem.code }, `${problem.code}`),
      ` (HTTP ${status})`,
    ),
    h("p", {}, problem.detail ?? ""),
    problem.issues?.length
      ? h(
          "ul",
          { "aria-label": "Fields to fix" },
          problem.issues.map((issue) =>
            h("li", {}, h("code", {}, issue.path || "(body)"), `: ${issue.message}`),
          ),
        )
      : null,
    problem.advice?.length
      ? [
          h("p", {}, "What you can do:"),
          h(
            "ol",
            { class: "advice" },
            problem.advice.map((item) => h("li", { "data-advice": item.code }, item.message)),
          ),
        ]
      : null,
  );
}

/** Runs an action, clearing then filling the problem area of its section. */
export async function attempt(problemArea, action) {
  show(problemArea);
  try {
    return await action();
  } catch (error) {
    showProblem(problemArea, error);
    return undefined;
  }
}

/** A date in the event's time zone, with the zone's name. */
export function formatInZone(iso, timeZone) {
  try {
    return new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZone,
      timeZoneName: "short",
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** Fills the header with who is signed in; resolves with the demo's /me answer. */
export async function renderWho() {
  const who = document.getElementById("who");
  const me = await api("GET", "/demo/me");
  if (me.user === null) {
    show(who, "Not signed in. ", h("a", { href: "/" }, "Choose who you are"));
  } else {
    show(
      who,
      "Signed in as ",
      h("strong", { "data-email": me.user.email }, me.user.name),
      me.user.name === me.user.email ? "" : ` (${me.user.email})`,
      me.user.admin ? ", back-office admin" : "",
      " ",
      h(
        "button",
        {
          type: "button",
          onclick: async () => {
            await api("POST", "/demo/sign-out", {});
            location.assign("/");
          },
        },
        "Sign out",
      ),
    );
  }
  return me;
}

/** The session id of a /sessions/:id… page. */
export function sessionIdFromPath() {
  return decodeURIComponent(location.pathname.split("/")[2] ?? "");
}
