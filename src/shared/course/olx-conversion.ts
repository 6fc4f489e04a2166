import * as z from 'zod';

/**
 * What converting an Open edX course export (OLX) into Lab Console courses found and did: every
 * attribute of every lab block and how it was mapped, every element Lab Console does not show,
 * and the subsections left out. `lab-console course convert --json` prints it; the same report is
 * written as conversion-report.md beside the converted courses.
 */

export const MappingStatus = z.enum([
  /** Carried over to course.yaml. */
  'mapped',
  /** Lab Console already behaves this way; nothing to write. */
  'default',
  /** Has no equivalent here; the reason is given. */
  'ignored',
  /** Ignored, and the author should know (old credentials, an unsupported protocol). */
  'warning',
]);
export type MappingStatus = z.infer<typeof MappingStatus>;

export const AttributeMapping = z.object({
  /** As written: an attribute, `<option:NAME>` or a child element (`<port>`, `<test>`…). */
  attribute: z.string(),
  form: z.enum(['attribute', 'option', 'child']),
  /** The value as written; empty for credentials, which are never read. */
  value: z.string(),
  status: MappingStatus,
  /** The course.yaml field it became, or why it was not used. */
  mapping: z.string(),
  file: z.string(),
  line: z.number().int(),
});
export type AttributeMapping = z.infer<typeof AttributeMapping>;

export const UnsupportedElement = z.object({
  /** The element, e.g. "problem", "discussion". */
  element: z.string(),
  /** The unit (vertical) it was in: its url_name and title. */
  unit: z.string(),
  unitTitle: z.string(),
  file: z.string(),
  line: z.number().int(),
  /** What the learner sees instead. */
  note: z.string(),
});
export type UnsupportedElement = z.infer<typeof UnsupportedElement>;

export const ConvertedCourseReport = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  /** The folder it was written to (convert) or null (import). */
  dir: z.string().nullable(),
  chapter: z.string(),
  subsection: z.string(),
  protocol: z.enum(['ssh', 'rdp', 'vnc']),
  steps: z.array(z.object({ id: z.string(), unit: z.string(), title: z.string(), checks: z.number().int() })),
  attributes: z.array(AttributeMapping),
  unsupported: z.array(UnsupportedElement),
  /** Anything else worth knowing: images not found, links dropped, a second lab block ignored. */
  notes: z.array(z.string()),
});
export type ConvertedCourseReport = z.infer<typeof ConvertedCourseReport>;

export const ConversionReport = z.object({
  source: z.object({ org: z.string(), course: z.string(), run: z.string(), title: z.string() }),
  courses: z.array(ConvertedCourseReport),
  /** Subsections without a lab block: they are not courses here. */
  skipped: z.array(z.object({ subsection: z.string(), title: z.string(), chapter: z.string(), reason: z.string() })),
});
export type ConversionReport = z.infer<typeof ConversionReport>;
