import { describe, expect, it } from 'vitest';
import { CourseSearch, snippet } from './course-search';

describe('CourseSearch', () => {
  const search = CourseSearch.empty();
  search.put({
    id: 'intro-linux',
    title: 'Introduction to Linux',
    description: 'Shell basics.',
    steps: [
      { id: 'files', title: 'Files and directories', text: 'Use mkdir to create a directory and ls to list it.' },
      { id: 'processes', title: 'Processes', text: 'Every program runs as a process; kill stops one by its PID.' },
    ],
  });
  search.put({
    id: 'networking',
    title: 'Networking',
    description: 'Addresses and ports.',
    steps: [{ id: 'ports', title: 'Ports', text: 'A process listens on a port; ss -tlnp shows which.' }],
  });

  it('ranks a title match above a body match and jumps to the step', () => {
    const hits = search.search('process');
    expect(hits.map((h) => `${h.courseId}/${h.stepId}`)).toEqual(['intro-linux/processes', 'networking/ports']);
    expect(hits[0]).toMatchObject({ courseTitle: 'Introduction to Linux', title: 'Processes' });
  });

  it('narrows with every word, using the course title too', () => {
    expect(search.search('linux process').map((h) => h.stepId)).toEqual(['processes']);
  });

  it('finds prefixes and small typos', () => {
    expect(search.search('direct')[0]?.stepId).toBe('files');
    expect(search.search('mkdor')[0]?.stepId).toBe('files');
  });

  it('drops a course that is removed or replaced', () => {
    const local = CourseSearch.empty();
    local.put({ id: 'a', title: 'A', description: '', steps: [{ id: 's', title: 'S', text: 'zebra' }] });
    local.put({ id: 'a', title: 'A', description: '', steps: [{ id: 's', title: 'S', text: 'giraffe' }] });
    expect(local.search('zebra')).toEqual([]);
    expect(local.search('giraffe')).toHaveLength(1);
    local.remove('a');
    expect(local.documentCount).toBe(0);
  });
});

describe('snippet', () => {
  it('cuts around the first match at word boundaries', () => {
    const text = `${'intro words '.repeat(20)}the systemd unit keeps it running ${'more words '.repeat(30)}`;
    const cut = snippet(text, ['systemd']);
    expect(cut.startsWith('…')).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).toContain('the systemd unit keeps it running');
    expect(cut.length).toBeLessThan(200);
  });
});
