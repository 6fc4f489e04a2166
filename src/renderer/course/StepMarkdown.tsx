import { useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepContent } from '../../shared/course';
import { useApi } from '../api/api-context';
import { runInTerminal } from '../lab/run-in-terminal';
import { fromBase64 } from './bytes';
import { renderMarkdown } from './render-markdown';

/** Loads a step's images from the library as blob: URLs (the course is read offline, never fetched). */
function useStepImages(step: StepContent): Map<string, string> | undefined {
  const api = useApi();
  const [urls, setUrls] = useState<{ key: string; map: Map<string, string> }>();
  const key = `${step.courseId}/${step.stepId}`;
  useEffect(() => {
    let live = true;
    const created: string[] = [];
    void Promise.all(
      step.images.map(async (image) => {
        try {
          const asset = await api.call('course.asset', { courseId: step.courseId, path: image.bundlePath });
          const url = URL.createObjectURL(new Blob([fromBase64(asset.base64)], { type: asset.mediaType }));
          created.push(url);
          return [image.ref, url] as const;
        } catch {
          return undefined;
        }
      }),
    ).then((entries) => {
      if (live) setUrls({ key, map: new Map(entries.filter((e) => e !== undefined)) });
    });
    return () => {
      live = false;
      for (const url of created) URL.revokeObjectURL(url);
    };
  }, [api, step, key]);
  return urls?.key === key ? urls.map : step.images.length === 0 ? new Map() : undefined;
}

export function StepMarkdown({ step, onNotice }: { step: StepContent; onNotice(text: string): void }): ReactNode {
  const { t } = useTranslation();
  const images = useStepImages(step);
  const container = useRef<HTMLDivElement>(null);
  const copy = t('course.markdown.copy');
  const run = t('course.markdown.runInTerminal');
  // Rendered again when the language changes: the code blocks' buttons speak it.
  const rendered = useMemo(
    () => (images ? renderMarkdown(step.markdown, (ref) => images.get(ref), { copy, run }) : undefined),
    [step.markdown, images, copy, run],
  );

  useEffect(() => {
    container.current?.scrollTo?.({ top: 0 });
  }, [step.stepId]);

  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button) return;
    // The block's own text as Markdown parsed it: never what the page's markup holds, which could hide more.
    const index = button.closest<HTMLElement>('[data-code-block]')?.dataset.codeBlock;
    const code = index === undefined ? undefined : rendered?.code[Number(index)];
    if (code === undefined) return;
    if (button.dataset.action === 'copy') {
      navigator.clipboard.writeText(code).then(
        () => {
          button.textContent = t('course.markdown.copied');
          setTimeout(() => (button.textContent = copy), 1500);
        },
        () => onNotice(t('course.markdown.noClipboard')),
      );
    } else if (button.dataset.action === 'run') {
      if (!runInTerminal(code)) onNotice(t('course.markdown.noTerminal'));
    }
  };

  return (
    // Clicks (and Enter/Space on the real <button>s) are delegated to the Copy / Run buttons.
    <div ref={container} className="markdown" onClick={onClick} dangerouslySetInnerHTML={{ __html: rendered?.html ?? '' }} />
  );
}
