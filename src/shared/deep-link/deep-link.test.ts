import { describe, expect, it } from 'vitest';
import { DeepLink, MAX_DEEP_LINK_LENGTH, openCourseLink, parseDeepLink } from './deep-link';

const refused = (input: unknown): string => {
  const result = parseDeepLink(input);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)} as ${JSON.stringify(result.link)}`);
  return result.error;
};

describe('parseDeepLink', () => {
  it('reads an open link with a course, and with a course and step', () => {
    expect(parseDeepLink('labconsole://open?course=linux-intro')).toEqual({ ok: true, link: { action: 'open', courseId: 'linux-intro' } });
    expect(parseDeepLink('labconsole://open/?course=linux-intro&step=first_step')).toEqual({
      ok: true,
      link: { action: 'open', courseId: 'linux-intro', stepId: 'first_step' },
    });
    expect(parseDeepLink('  LabConsole://OPEN?course=linux-intro ')).toMatchObject({ ok: true });
  });

  it('reads an enrol link whose file is served over https', () => {
    const link = 'labconsole://enrol?url=' + encodeURIComponent('https://lms.example.org/enrol/alice.lab-enrol.json?x=1');
    expect(parseDeepLink(link)).toEqual({
      ok: true,
      link: { action: 'enrol', url: 'https://lms.example.org/enrol/alice.lab-enrol.json?x=1' },
    });
  });

  it('refuses other schemes, javascript: and look-alikes, saying what a Lab Console link is', () => {
    for (const input of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(document.cookie)//labconsole://open?course=x',
      'https://evil.example/?labconsole://open?course=ab',
      'file:///etc/passwd',
      'labconsolex://open?course=ab',
      'data:text/html,<script>alert(1)</script>',
      'open?course=ab',
    ]) {
      expect(refused(input)).toMatch(/must start with labconsole:\/\//);
    }
    expect(refused('labconsole:open?course=ab')).toMatch(/starts with labconsole:\/\//);
  });

  it('refuses enrolment files that would not come over https', () => {
    for (const target of [
      'http://lms.example.org/a.lab-enrol.json',
      'file:///home/a.json',
      'javascript:alert(1)',
      'ftp://x/y',
      'data:,{}',
    ]) {
      expect(refused(`labconsole://enrol?url=${encodeURIComponent(target)}`)).toMatch(/must come over https/);
    }
    expect(refused('labconsole://enrol?url=not%20a%20url')).toMatch(/is not a web address/);
    expect(refused('labconsole://enrol?url=' + encodeURIComponent('https://user:pw@lms.example.org/a.json'))).toMatch(
      /user name or password/,
    );
    expect(refused('labconsole://enrol')).toMatch(/needs the enrolment file's address/);
  });

  it('refuses oversized input before reading it, and control characters', () => {
    const huge = `labconsole://open?course=ab&step=${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`;
    expect(refused(huge)).toMatch(/at most 2048/);
    expect(refused('x'.repeat(10_000_000))).toMatch(/at most 2048/);
    expect(refused('labconsole://open?course=ab\nINFO forged log line')).toMatch(/control characters/);
  });

  it('refuses unknown actions, unknown or repeated parameters, paths, fragments and credentials', () => {
    expect(refused('labconsole://delete?course=ab')).toMatch(/"delete" is not something a Lab Console link can do/);
    expect(refused('labconsole://?course=ab')).toMatch(/is not something/);
    expect(refused('labconsole://__proto__?course=ab')).toMatch(/is not something/);
    expect(refused('labconsole://open?course=ab&run=rm')).toMatch(/unknown parameter "run"/);
    expect(refused('labconsole://open?course=ab&course=cd')).toMatch(/given twice/);
    expect(refused('labconsole://open/steps?course=ab')).toMatch(/unexpected path/);
    expect(refused('labconsole://open?course=ab#x')).toMatch(/no #fragment/);
    expect(refused('labconsole://me:pw@open?course=ab')).toMatch(/no user, password or port/);
  });

  it('refuses bad course and step ids, naming the rule', () => {
    for (const id of ['', 'A', 'AB', '../etc', 'ab/cd', 'ab%2F..', '1ab', 'a'.repeat(64), '<script>']) {
      expect(refused(`labconsole://open?course=${encodeURIComponent(id)}`)).toMatch(/is not a course id/);
    }
    expect(refused('labconsole://open')).toMatch(/needs the course/);
    expect(refused('labconsole://open?course=ab&step=..%2F..')).toMatch(/is not a step id/);
  });

  it('refuses what is not text', () => {
    for (const input of [undefined, null, 42, {}, ['labconsole://open?course=ab']]) expect(refused(input)).toMatch(/is text/);
  });

  it('gives back what openCourseLink makes, and its result passes the DeepLink schema', () => {
    const result = parseDeepLink(openCourseLink('linux-intro', 'step-2'));
    expect(result).toEqual({ ok: true, link: { action: 'open', courseId: 'linux-intro', stepId: 'step-2' } });
    expect(DeepLink.parse(result.ok && result.link)).toEqual({ action: 'open', courseId: 'linux-intro', stepId: 'step-2' });
    expect(DeepLink.safeParse({ action: 'enrol', url: 'http://x/' }).success).toBe(false);
  });
});
