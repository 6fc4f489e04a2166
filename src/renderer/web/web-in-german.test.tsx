import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import { uiLearner as de } from '../../shared/i18n/catalogue/de/ui-learner';
import { uiLearner as en } from '../../shared/i18n/catalogue/en/ui-learner';
import type { WebStatusEvent } from '../../shared/web/web-session';
import { ApiProvider } from '../api/api-context';
import { englishLeft, shownTexts } from '../course/english-left.test-support';
import { translator } from '../i18n/translator';
import { labOf, viewOf } from '../lab/lab-fixtures.test-support';
import { WebView } from './WebView';

function show(tabId: string, status: Omit<WebStatusEvent, 'kind' | 'sessionId'>): void {
  const call = vi.fn(async (name: string): Promise<unknown> => {
    if (name === 'session.open') return { sessionId: tabId, status: { kind: 'web', sessionId: tabId, ...status } };
    if (name === 'session.webEntry') return { url: 'about:blank' };
    if (name === 'lab.view') return viewOf(labOf('CREATE_COMPLETE', 'up'));
    return undefined;
  });
  const api = { call, on: () => () => undefined } as unknown as LabApi;
  render(
    <ApiProvider api={api}>
      <WebView courseId="intro-linux" connection="web1" service="grafana" tabId={tabId} />
    </ApiProvider>,
  );
}

describe('a web page of the lab, in German', () => {
  beforeEach(async () => {
    await translator.changeLanguage('de');
  });
  afterEach(async () => {
    await translator.changeLanguage('en');
  });

  it('names the toolbar, Reload and the page in German', async () => {
    show('web-de-connected', { status: 'connected' });
    expect(await screen.findByTitle('grafana: eine Webseite des Labs')).toBeTruthy();
    expect(screen.getByRole('toolbar', { name: 'Webseite: grafana' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Neu laden' })).toBeTruthy();
    expect(englishLeft(en.web, de.web, shownTexts())).toEqual([]);
  });

  it('names both host keys of a changed host in German', async () => {
    show('web-de-mismatch', {
      status: 'failed',
      failure: 'host-key-mismatch',
      expectedFingerprint: 'SHA256:expected',
      receivedFingerprint: 'SHA256:received',
    } as Omit<WebStatusEvent, 'kind' | 'sessionId'>);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Erwarteter Host-Schlüssel');
    expect(alert.textContent).toContain('Erhaltener Host-Schlüssel');
    expect(englishLeft(en.web, de.web, shownTexts())).toEqual([]);
  });

  it('offers to try again in German once the session closed', async () => {
    show('web-de-closed', { status: 'closed' });
    expect(await screen.findByRole('button', { name: 'Erneut versuchen' })).toBeTruthy();
    expect(englishLeft(en.web, de.web, shownTexts())).toEqual([]);
  });
});
