import * as z from 'zod';
import { COURSE_ID_PATTERN, STEP_ID_PATTERN } from '../course/course-manifest';

/** The app's own URL scheme, registered with the OS by the desktop app and its installers. */
export const DEEP_LINK_SCHEME = 'labconsole';
/** Longer than any link a course page needs (an enrolment URL included); anything longer is refused unread. */
export const MAX_DEEP_LINK_LENGTH = 2048;

/**
 * What a `labconsole://` link asks for, once checked: open a course (at a step), or enrol from an
 * enrolment file served over https. The same schema checks it again wherever it travels (the
 * control socket, the event to the UI).
 */
export const DeepLink = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('open'),
      courseId: z.string().regex(COURSE_ID_PATTERN),
      stepId: z.string().regex(STEP_ID_PATTERN).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('enrol'),
      url: z
        .string()
        .max(MAX_DEEP_LINK_LENGTH)
        .refine((url) => url.startsWith('https://')),
    })
    .strict(),
]);
export type DeepLink = z.infer<typeof DeepLink>;

export type DeepLinkResult = { readonly ok: true; readonly link: DeepLink } | { readonly ok: false; readonly error: string };

const ACTIONS = { open: ['course', 'step'], enrol: ['url'] } as const;
type Action = keyof typeof ACTIONS;

const refuse = (error: string): DeepLinkResult => ({ ok: false, error });
/** Shows at most the start of what was refused, so a huge or odd input cannot flood a message. */
const shown = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);

/**
 * Parses a link the OS, the CLI or a web page hands the app. Total: any input gives either a
 * checked DeepLink or a message saying what is wrong with it; nothing else is ever opened or fetched.
 *   labconsole://open?course=ID[&step=ID]
 *   labconsole://enrol?url=https://…
 */
export function parseDeepLink(input: unknown): DeepLinkResult {
  if (typeof input !== 'string') return refuse('A Lab Console link is text starting with labconsole://.');
  const raw = input.trim();
  if (raw.length === 0) return refuse('The link is empty: expected labconsole://open?course=ID or labconsole://enrol?url=https://…');
  if (raw.length > MAX_DEEP_LINK_LENGTH)
    return refuse(`The link is ${raw.length} characters long; a Lab Console link has at most ${MAX_DEEP_LINK_LENGTH}.`);
  // Control characters (newlines included) have no place in a link and could forge a log line or a message.
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return refuse('The link holds control characters: it is not a Lab Console link.');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== DEEP_LINK_SCHEME)
    return refuse(
      `${shown(raw)} is not a Lab Console link: it must start with ${DEEP_LINK_SCHEME}:// (not ${scheme ? `${scheme}:` : 'something else'}).`,
    );
  if (!raw.slice(scheme.length + 1).startsWith('//')) return refuse(`${shown(raw)}: a Lab Console link starts with ${DEEP_LINK_SCHEME}://`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(`${shown(raw)} is not a valid link.`);
  }
  if (url.username || url.password || url.port) return refuse(`${shown(raw)}: a Lab Console link has no user, password or port.`);
  if (url.hash) return refuse(`${shown(raw)}: a Lab Console link has no #fragment.`);
  // Windows and some browsers add a slash after the action (labconsole://open/?course=…).
  if (url.pathname !== '' && url.pathname !== '/') return refuse(`${shown(raw)}: unexpected path "${url.pathname}" after the action.`);
  const action = url.hostname.toLowerCase();
  if (!Object.hasOwn(ACTIONS, action))
    return refuse(
      `${shown(action)} is not something a Lab Console link can do: use labconsole://open?course=ID or labconsole://enrol?url=https://…`,
    );
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams) {
    if (!(ACTIONS[action as Action] as readonly string[]).includes(name))
      return refuse(`labconsole://${action}: unknown parameter ${shown(name)} (expected ${ACTIONS[action as Action].join(', ')}).`);
    if (params.has(name)) return refuse(`labconsole://${action}: parameter "${name}" is given twice.`);
    params.set(name, value);
  }
  return action === 'open' ? openLink(params) : enrolLink(params);
}

function openLink(params: Map<string, string>): DeepLinkResult {
  const courseId = params.get('course');
  if (courseId === undefined) return refuse('labconsole://open needs the course: labconsole://open?course=ID');
  if (!COURSE_ID_PATTERN.test(courseId))
    return refuse(
      `labconsole://open: ${shown(courseId)} is not a course id (lower-case letters, digits and "-", 2 to 63, starting with a letter).`,
    );
  const stepId = params.get('step');
  if (stepId === undefined) return { ok: true, link: { action: 'open', courseId } };
  if (!STEP_ID_PATTERN.test(stepId))
    return refuse(`labconsole://open: ${shown(stepId)} is not a step id (lower-case letters, digits, "-" or "_", at most 64).`);
  return { ok: true, link: { action: 'open', courseId, stepId } };
}

function enrolLink(params: Map<string, string>): DeepLinkResult {
  const target = params.get('url');
  if (target === undefined) return refuse("labconsole://enrol needs the enrolment file's address: labconsole://enrol?url=https://…");
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return refuse(`labconsole://enrol: ${shown(target)} is not a web address.`);
  }
  if (url.protocol !== 'https:')
    return refuse(`labconsole://enrol: the enrolment file must come over https, not ${url.protocol.replace(/:$/, '')} (${shown(target)}).`);
  if (url.username || url.password) return refuse('labconsole://enrol: the enrolment address must not carry a user name or password.');
  if (!url.hostname) return refuse(`labconsole://enrol: ${shown(target)} names no server.`);
  return { ok: true, link: { action: 'enrol', url: url.href } };
}

/** The link for a course (and step), as a course page offers it ("Open in Lab Console"). */
export function openCourseLink(courseId: string, stepId?: string): string {
  return `${DEEP_LINK_SCHEME}://open?course=${encodeURIComponent(courseId)}${stepId ? `&step=${encodeURIComponent(stepId)}` : ''}`;
}
