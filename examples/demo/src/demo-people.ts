// The people of the demo's sign-in picker. In a real platform they come from its own login; here
// anyone may sign in as anyone, which is what makes the roles easy to try.

export type DemoPersonKind = "admin" | "moderator" | "speaker" | "attendee" | "stranger";

export interface DemoPerson {
  readonly kind: DemoPersonKind;
  readonly name: string;
  readonly email: string;
  /** What this person can try in the demo. */
  readonly about: string;
}

export const demoPeople: readonly DemoPerson[] = [
  {
    kind: "admin",
    name: "Ada",
    email: "admin@example.com",
    about: "runs the back office: creates sessions, adds participants, publishes",
  },
  {
    kind: "moderator",
    name: "Léa",
    email: "lea@example.com",
    about: "moderator of the sample session: starts and stops the live, chooses the stage",
  },
  {
    kind: "speaker",
    name: "Sam",
    email: "sam@example.com",
    about: "speaker of the sample session: joins backstage, publishes a camera or a screen",
  },
  {
    kind: "attendee",
    name: "Alex",
    email: "alex@example.com",
    about: "attendee: watches the event page",
  },
  {
    kind: "stranger",
    name: "Eve",
    email: "eve@example.com",
    about: "not a participant: the control room refuses her, with troubleshooting advice",
  },
];

/** The back office is Ada's (compared on the normalized email the identity cookie holds). */
export const adminEmail = "admin@example.com";

export function personOfEmail(email: string): DemoPerson | undefined {
  return demoPeople.find((person) => person.email === email);
}
