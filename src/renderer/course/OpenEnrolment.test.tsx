import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type LabApi } from '../../shared/contract';
import type { EnrolmentResult, EnrolmentSummary } from '../../shared/contract/enrolment-calls';
import { ApiProvider } from '../api/api-context';
import { OpenEnrolment } from './OpenEnrolment';

const summary: EnrolmentSummary = {
  fileName: 'learner7.lab-enrol.json',
  cloud: { name: 'school', authUrl: 'https://keystone.example/v3', username: 'learner7', projectName: 'lab-learner7', region: null },
  courseId: 'intro-linux',
  bundle: 'intro-linux-1.0.0.tar.gz',
  cohort: 'spring',
  courseInLibrary: false,
  cloudExists: false,
};

function fakeApi(answers: Record<string, (input: unknown) => unknown>) {
  const call = vi.fn(async (name: string, input: unknown) => answers[name]!(input));
  return { api: { call, on: () => () => undefined } as unknown as LabApi, call };
}

async function pick(label: string, name: string, text: string): Promise<void> {
  const file = new File([text], name, { type: 'application/json' });
  await act(async () => fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } }));
}

describe('Open enrolment file…', () => {
  it('shows the app’s reason, naming the field, when the file is not a valid enrolment', async () => {
    const { api } = fakeApi({
      'enrolment.read': () => {
        throw new ApiError({ code: 'invalid_input', message: 'learner7.lab-enrol.json: cloud.authUrl: Invalid URL' });
      },
    });
    render(
      <ApiProvider api={api}>
        <OpenEnrolment />
      </ApiProvider>,
    );
    await pick('Enrolment file', 'learner7.lab-enrol.json', '{"format":"lab-console-enrolment/1"}');
    expect((await screen.findByRole('alert')).textContent).toContain('cloud.authUrl: Invalid URL');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('asks for the password, adds the cloud, and offers the bundle import when the course is missing', async () => {
    const result: EnrolmentResult = {
      cloud: 'school',
      courseId: 'intro-linux',
      course: 'missing',
      defaultCloud: true,
      message: 'Cloud "school" added. Course "intro-linux" is not in your library: import intro-linux-1.0.0.tar.gz',
    };
    const { api, call } = fakeApi({ 'enrolment.read': () => summary, 'enrolment.apply': () => result });
    render(
      <ApiProvider api={api}>
        <OpenEnrolment />
      </ApiProvider>,
    );
    const text = JSON.stringify({ format: 'lab-console-enrolment/1' });
    await pick('Enrolment file', 'learner7.lab-enrol.json', text);
    expect(call).toHaveBeenCalledWith('enrolment.read', { fileName: 'learner7.lab-enrol.json', text });
    const dialog = await screen.findByRole('dialog', { name: 'Enrolment' });
    expect(dialog.textContent).toMatch(/learner7.*lab-learner7.*not in your library yet: intro-linux-1\.0\.0\.tar\.gz/);
    const submit = screen.getByRole('button', { name: 'Add cloud and open course' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 's3cret' } });
    await act(async () => fireEvent.click(submit));
    // A bundle named by file is imported by hand: nothing is downloaded.
    expect(call).toHaveBeenCalledWith('enrolment.apply', {
      fileName: 'learner7.lab-enrol.json',
      text,
      password: 's3cret',
      downloadBundle: false,
    });
    expect(screen.getByRole('status').textContent).toContain('import intro-linux-1.0.0.tar.gz');
    expect(screen.getByRole('button', { name: 'Import the course bundle…' })).toBeTruthy();
    expect(window.location.hash).not.toBe('#/lab/intro-linux');
  });

  it('shows the https address a bundle is downloaded from, and asks the app to download it only on Add', async () => {
    const url = 'https://courses.example.org/intro-linux-1.0.0.tar.gz';
    const result: EnrolmentResult = { cloud: 'school', courseId: 'intro-linux', course: 'imported', defaultCloud: true, message: 'ok' };
    const { api, call } = fakeApi({ 'enrolment.read': () => ({ ...summary, bundle: url }), 'enrolment.apply': () => result });
    render(
      <ApiProvider api={api}>
        <OpenEnrolment />
      </ApiProvider>,
    );
    const text = JSON.stringify({ format: 'lab-console-enrolment/1' });
    await pick('Enrolment file', 'learner7.lab-enrol.json', text);
    const dialog = await screen.findByRole('dialog', { name: 'Enrolment' });
    expect(dialog.textContent).toContain(`downloaded from ${url} when you add this`);
    expect(call).not.toHaveBeenCalledWith('enrolment.apply', expect.anything());
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 's3cret' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add cloud and open course' })));
    expect(call).toHaveBeenCalledWith('enrolment.apply', {
      fileName: 'learner7.lab-enrol.json',
      text,
      password: 's3cret',
      downloadBundle: true,
    });
  });

  it('opens the course once the cloud is added and the course is in the library', async () => {
    window.location.hash = '';
    const { api } = fakeApi({
      'enrolment.read': () => ({ ...summary, courseInLibrary: true }),
      'enrolment.apply': () => ({ cloud: 'school', courseId: 'intro-linux', course: 'ready', defaultCloud: true, message: 'ok' }),
    });
    render(
      <ApiProvider api={api}>
        <OpenEnrolment />
      </ApiProvider>,
    );
    await pick('Enrolment file', 'learner7.lab-enrol.json', '{}');
    fireEvent.change(await screen.findByLabelText('Password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add cloud and open course' })));
    expect(window.location.hash).toBe('#/lab/intro-linux');
  });

  it('keeps the dialog open with the cloud’s refusal when the password is wrong', async () => {
    const { api } = fakeApi({
      'enrolment.read': () => summary,
      'enrolment.apply': () => {
        throw new ApiError({ code: 'unauthorized', message: 'Cloud "school" did not accept learner7 in project lab-learner7: 401' });
      },
    });
    render(
      <ApiProvider api={api}>
        <OpenEnrolment />
      </ApiProvider>,
    );
    await pick('Enrolment file', 'learner7.lab-enrol.json', '{}');
    fireEvent.change(await screen.findByLabelText('Password'), { target: { value: 'wrong' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Add cloud and open course' })));
    expect(screen.getByRole('dialog').textContent).toContain('did not accept learner7');
  });
});
