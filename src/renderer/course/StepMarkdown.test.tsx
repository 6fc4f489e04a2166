// @vitest-environment jsdom
// DOMPurify needs a faithful DOM parser: happy-dom lets event handlers through, jsdom does not.
import { fireEvent, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import type { StepContent } from '../../shared/course/course-library';
import { ApiProvider } from '../api/api-context';
import { setActiveTerminal } from '../lab/run-in-terminal';
import { HIDDEN_COPY_STEP, HIDDEN_PAYLOAD } from './hidden-copy-step.fixture';
import { StepMarkdown } from './StepMarkdown';

const step = (markdown: string): StepContent => ({
  courseId: 'hostile',
  stepId: 'copy',
  index: 0,
  title: 'Copy',
  file: 'steps/copy.md',
  markdown,
  images: [],
  previousStepId: null,
  nextStepId: null,
  status: 'not_started',
  hasChecks: false,
  hints: [],
  hasSolve: false,
});

const api = { call: vi.fn(), on: () => () => undefined } as unknown as LabApi;

/**
 * The text a reader can see, judged without a layout engine and erring towards "hidden": markup
 * that hides (hidden, aria-hidden, a closed <details>, <template>, comments) and any class the
 * course view does not itself give (the app's stylesheet has off-screen classes) count as unseen.
 */
function visibleText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const element = node as Element;
  if (element.tagName === 'TEMPLATE' || element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return '';
  if ([...element.classList].some((name) => !/^(markdown|code-(block|actions|copy|run)|hljs(-[\w-]+)?|language-[\w+#.-]+)$/.test(name)))
    return '';
  const parent = element.parentElement;
  if (parent?.tagName === 'DETAILS' && !parent.hasAttribute('open') && element.tagName !== 'SUMMARY') return '';
  return [...element.childNodes].map(visibleText).join('');
}

let clipboard: string[];
let typed: string[];

beforeEach(() => {
  clipboard = [];
  typed = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: { writeText: async (text: string) => void clipboard.push(text) },
  });
  setActiveTerminal((command) => typed.push(command));
});
afterEach(() => setActiveTerminal(undefined));

function show(markdown: string): HTMLElement {
  const { container } = render(
    <ApiProvider api={api}>
      <StepMarkdown step={step(markdown)} onNotice={() => undefined} />
    </ApiProvider>,
  );
  return container;
}

describe('StepMarkdown Copy and Run in terminal', () => {
  it('copy and run exactly the text each block shows, whatever markup a step hides in or around it', async () => {
    const root = show(HIDDEN_COPY_STEP);
    await waitFor(() => expect(root.textContent).toContain('The end of the step.'));
    const copies = [...root.querySelectorAll<HTMLButtonElement>('button[data-action="copy"]')];
    expect(copies.length).toBeGreaterThan(0);
    for (const button of copies) {
      const shown = visibleText(button.closest('.code-block')!.querySelector('code')!);
      clipboard = [];
      fireEvent.click(button);
      await waitFor(() => expect(clipboard).toHaveLength(1));
      expect(clipboard[0]).toBe(shown);
    }
    for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-action="run"]')) {
      const shown = visibleText(button.closest('.code-block')!.querySelector('code')!);
      typed = [];
      fireEvent.click(button);
      expect(typed).toEqual([`${shown}\n`]);
    }
  });

  it('leaves no hidden content in the step: what was hidden is shown, and no forged block has buttons', async () => {
    const root = show(HIDDEN_COPY_STEP);
    await waitFor(() => expect(root.textContent).toContain('The end of the step.'));
    expect(root.querySelectorAll('[hidden], [aria-hidden], template, details:not([open])')).toHaveLength(0);
    // Two real fenced blocks: the one raw HTML tried to hide, and the plain one.
    expect(root.querySelectorAll('button')).toHaveLength(4);
    expect(root.querySelectorAll('button[data-action="copy"]')).toHaveLength(2);
    expect(visibleText(root)).toContain(`ls; ${HIDDEN_PAYLOAD}`);
  });

  it('shows and copies invisible characters in a code block as visible code points', async () => {
    const root = show('```sh\necho hi\u200b\u202e; x\u001b[8m\u2066\n```');
    const button = root.querySelector<HTMLButtonElement>('button[data-action="copy"]')!;
    fireEvent.click(button);
    await waitFor(() => expect(clipboard).toHaveLength(1));
    expect(clipboard[0]).toBe('echo hi<U+200B><U+202E>; x<U+001B>[8m<U+2066>');
    expect(root.querySelector('code')!.textContent).toBe(clipboard[0]);
  });
});
