import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, type CloudEntry, type CloudListing, type LabApi, type Settings } from '../../shared/contract';
import type { CloudCheckResult } from '../../shared/openstack/cloud-check';
import { ApiProvider } from '../api/api-context';
import type { SettingsState } from '../hooks/use-settings';
import { CloudsCard } from './CloudsCard';
import { LabLimitsCard } from './LabLimitsCard';
import { useClouds } from './use-clouds';

const cloud = (name: string, extra: Partial<CloudEntry> = {}): CloudEntry => ({
  name,
  source: 'app',
  authUrl: `https://${name}.example/v3`,
  kind: 'app-credential',
  isDefault: false,
  capacity: -1,
  removable: true,
  ...extra,
});

const listing = (clouds: CloudEntry[], extra: Partial<CloudListing> = {}): CloudListing => ({ clouds, order: [], ...extra });

const checkResult: CloudCheckResult = {
  cloud: 'school',
  authUrl: 'https://school.example/v3',
  user: 'learner1',
  project: 'lab-project',
  region: 'RegionOne',
  interface: 'public',
  endpoints: { identity: 'https://school.example/v3', orchestration: 'https://heat.school.example/v1/p' },
  tokenExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  heatReachable: true,
  elapsed: 42,
};

/** An API whose answers the test scripts per call; every call is recorded. */
function fakeApi(answers: Record<string, (input: any) => unknown>) {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async (name: string, input: unknown) => {
    const answer = answers[name];
    if (!answer) throw new Error(`unexpected call ${name}`);
    return answer(input);
  });
  const api = {
    call,
    on: (name: string, l: (p: unknown) => void) => (listeners.set(name, l), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}

function Screen({ settings }: { settings?: SettingsState }) {
  const clouds = useClouds();
  return (
    <>
      <CloudsCard clouds={clouds} />
      {settings && <LabLimitsCard clouds={clouds} settings={settings} />}
    </>
  );
}

function settingsState(initial: Partial<Settings> = {}): SettingsState & { update: ReturnType<typeof vi.fn> } {
  return {
    settings: { theme: 'system', stepsPaneRatio: 0.42, terminalFontSize: 14, ...initial },
    error: undefined,
    update: vi.fn(async () => true),
  };
}

describe('CloudsCard', () => {
  it('lists the clouds with the default badge, and shows what a Test found', async () => {
    const { api, call } = fakeApi({
      'clouds.list': () =>
        listing([
          cloud('school', { isDefault: true, region: 'RegionOne' }),
          cloud('campus', { source: 'clouds.yaml', file: '/home/u/clouds.yaml', removable: false, kind: 'password' }),
        ]),
      'clouds.check': ({ name }) => {
        if (name === 'school') return checkResult;
        throw new ApiError({
          code: 'unauthorized',
          message:
            'Keystone refused the login of user "ada" on cloud "campus" (HTTP 401): The request you have made requires authentication.',
        });
      },
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    const list = await screen.findByRole('list', { name: 'Clouds' });
    const school = within(list).getByRole('listitem', { name: /school/ });
    expect(within(school).getByText('Default')).toBeTruthy();
    expect(within(school).queryByRole('button', { name: 'Make school the default' })).toBeNull();
    const campus = within(list).getByRole('listitem', { name: /campus/ });
    expect(within(campus).queryByRole('button', { name: 'Remove campus' })).toBeNull();
    expect(within(campus).getByText(/\/home\/u\/clouds\.yaml/)).toBeTruthy();

    fireEvent.click(within(school).getByRole('button', { name: 'Test school' }));
    expect(await within(school).findByText('school works.')).toBeTruthy();
    expect(within(school).getByText('learner1 in project lab-project')).toBeTruthy();
    expect(within(school).getByText('https://heat.school.example/v1/p')).toBeTruthy();

    fireEvent.click(within(campus).getByRole('button', { name: 'Test campus' }));
    const alert = await within(campus).findByRole('alert');
    expect(alert.textContent).toMatch(/campus does not work yet.*Keystone refused the login of user "ada" on cloud "campus"/);
    expect(call).toHaveBeenCalledWith('clouds.check', { name: 'campus' });
  });

  it('makes a cloud the default and removes one only after confirming', async () => {
    let clouds = [cloud('school', { isDefault: true }), cloud('backup')];
    const { api, call } = fakeApi({
      'clouds.list': () => listing(clouds),
      'clouds.setDefault': ({ name }) => listing((clouds = clouds.map((c) => ({ ...c, isDefault: c.name === name })))),
      'clouds.remove': ({ name }) => listing((clouds = clouds.filter((c) => c.name !== name))),
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Make backup the default' }));
    expect(await screen.findByText('backup is now the default cloud.')).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: /backup/ })).getByText('Default')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Remove school' }));
    expect(call).not.toHaveBeenCalledWith('clouds.remove', expect.anything());
    const confirm = screen.getByRole('group', { name: 'Confirm removing school' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Remove school' }));
    expect(await screen.findByText('Removed school.')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('clouds.remove', { name: 'school' });
    expect(screen.queryByRole('listitem', { name: /school/ })).toBeNull();
  });

  it('adds a cloud from an application credential, showing a refused field beside it', async () => {
    const { api, call } = fakeApi({
      'clouds.list': () => listing([]),
      'clouds.add': (input) => {
        if (!input.authUrl.startsWith('https://')) {
          throw new ApiError({
            code: 'invalid_input',
            message: 'Invalid input for clouds.add',
            issues: [{ path: 'authUrl', message: 'Enter the Keystone URL, e.g. https://keystone.example.org:5000/v3.' }],
          });
        }
        return { ...listing([cloud(input.name, { isDefault: true })]), added: [input.name], warnings: [], failed: [] };
      },
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    expect(await screen.findByText('No cloud is set up yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add cloud…' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a cloud' });
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Application credential' }));
    expect(within(dialog).getByRole('tab', { name: 'Application credential' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'school' } });
    fireEvent.change(within(dialog).getByLabelText('Auth URL'), { target: { value: 'keystone.example' } });
    fireEvent.change(within(dialog).getByLabelText('Credential ID'), { target: { value: 'ac-1' } });
    fireEvent.change(within(dialog).getByLabelText('Credential secret'), { target: { value: 'sekret' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add cloud' }));
    const authUrl = within(dialog).getByLabelText('Auth URL');
    expect(await within(dialog).findByText(/Enter the Keystone URL/)).toBeTruthy();
    expect(authUrl.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(authUrl, { target: { value: 'https://keystone.example/v3' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add cloud' }));
    expect(await screen.findByText('Added school. Press Test to check it.')).toBeTruthy();
    expect(call).toHaveBeenLastCalledWith('clouds.add', {
      kind: 'app-credential',
      name: 'school',
      authUrl: 'https://keystone.example/v3',
      applicationCredentialId: 'ac-1',
      applicationCredentialSecret: 'sekret',
      regionName: undefined,
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('listitem', { name: /school/ })).toBeTruthy();
  });

  it('imports the chosen clouds of a pasted clouds.yaml, leaving out those with a problem', async () => {
    const { api, call } = fakeApi({
      'clouds.list': () => listing([]),
      'clouds.inspectYaml': () => ({
        clouds: [
          { name: 'alpha', kind: 'password', authUrl: 'https://alpha/v3', exists: false },
          {
            name: 'beta',
            problem:
              'clouds.yaml:9, field clouds.beta.auth.application_credential_secret: cloud "beta": application_credential_secret is not set',
            exists: false,
          },
        ],
      }),
      'clouds.add': (input) => ({
        ...listing([cloud('alpha')]),
        added: input.names,
        failed: [],
        warnings: ['cloud "alpha": api_timeout is not kept; the default timeouts apply.'],
      }),
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Add cloud…' }));
    fireEvent.change(screen.getByLabelText('or paste it'), { target: { value: 'clouds: {alpha: {}, beta: {}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find clouds' }));
    const alpha = (await screen.findByRole('checkbox', { name: /alpha/ })) as HTMLInputElement;
    const beta = screen.getByRole('checkbox', { name: /beta/ }) as HTMLInputElement;
    expect(alpha.checked).toBe(true);
    expect(beta.disabled).toBe(true);
    expect(screen.getByText(/clouds\.yaml:9, field clouds\.beta/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Import cloud' }));
    expect(await screen.findByText('Added alpha. Press Test to check it.')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('clouds.add', { kind: 'clouds-yaml', cloudsYaml: 'clouds: {alpha: {}, beta: {}}', names: ['alpha'] });
    expect(screen.getByText(/api_timeout is not kept/)).toBeTruthy();
  });

  it('keeps the import open when its only cloud did not sign in, saying why, and imports it untested only when asked', async () => {
    const refusal =
      'Keystone refused the login of user "ada" on cloud "alpha" (HTTP 401). Check the user, password or application credential.';
    const { api, call } = fakeApi({
      'clouds.list': () => listing([]),
      'clouds.inspectYaml': () => ({ clouds: [{ name: 'alpha', kind: 'password', authUrl: 'https://alpha/v3', exists: false }] }),
      'clouds.add': (input) =>
        input.untested
          ? { ...listing([cloud('alpha')]), added: ['alpha'], warnings: [], failed: [] }
          : { ...listing([]), added: [], warnings: [], failed: [{ name: 'alpha', problem: 'credentials', message: refusal }] },
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Add cloud…' }));
    fireEvent.change(screen.getByLabelText('or paste it'), { target: { value: 'clouds: {alpha: {}}' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find clouds' }));
    await screen.findByRole('checkbox', { name: /alpha/ });
    fireEvent.click(screen.getByRole('button', { name: 'Import cloud' }));
    const refused = await screen.findByRole('alert', { name: 'Clouds not imported' });
    expect(refused.textContent).toContain('Not imported: alpha did not sign in.');
    expect(refused.textContent).toContain(refusal);
    expect(screen.getByRole('dialog', { name: 'Add a cloud' })).toBeTruthy();
    expect(screen.getByText('No cloud is set up yet.')).toBeTruthy();

    fireEvent.click(within(refused).getByRole('button', { name: 'Import without testing' }));
    expect(await screen.findByText('Added alpha. Press Test to check it.')).toBeTruthy();
    expect(call).toHaveBeenLastCalledWith('clouds.add', {
      kind: 'clouds-yaml',
      cloudsYaml: 'clouds: {alpha: {}}',
      names: ['alpha'],
      untested: true,
    });
  });

  it('changes the password of a cloud in place, sending only what changed, and shows a refused one beside the form', async () => {
    let attempts = 0;
    const { api, call } = fakeApi({
      'clouds.list': () => listing([cloud('school', { kind: 'password', user: 'ada', project: 'lab-ada' })]),
      'clouds.update': () => {
        attempts += 1;
        if (attempts === 1) {
          throw new ApiError({
            code: 'unauthorized',
            message:
              'Keystone refused the login of user "ada" on cloud "school" (HTTP 401). Check the user, password or application credential.',
          });
        }
        return listing([cloud('school', { kind: 'password', user: 'ada', project: 'lab-ada' })]);
      },
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Change the login of school' }));
    const form = screen.getByRole('form', { name: 'Change the login of school' });
    expect((within(form).getByLabelText('User name') as HTMLInputElement).value).toBe('ada');
    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'typo' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save login' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/refused the login of user "ada" on cloud "school"/);

    fireEvent.change(within(form).getByLabelText('New password'), { target: { value: 'rotated' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save login' }));
    expect(await screen.findByText('Saved the new login of school: it signed in and reached Heat.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Change the login of school' })).toBeNull();
    expect(call).toHaveBeenLastCalledWith('clouds.update', { kind: 'password', name: 'school', password: 'rotated' });
  });

  it('offers no login change for a cloud of clouds.yaml (it is changed in the file)', async () => {
    const { api } = fakeApi({
      'clouds.list': () => listing([cloud('campus', { source: 'clouds.yaml', removable: false, kind: 'password' })]),
    });
    render(
      <ApiProvider api={api}>
        <Screen />
      </ApiProvider>,
    );
    await screen.findByText('campus');
    expect(screen.queryByRole('button', { name: 'Change the login of campus' })).toBeNull();
  });
});

describe('LabLimitsCard', () => {
  it('reorders the fallback clouds, sets a capacity and saves the order', async () => {
    const { api, call } = fakeApi({
      'clouds.list': () =>
        listing([cloud('school', { order: 1 }), cloud('backup', { order: 2 }), cloud('spare')], {
          order: [
            { name: 'school', capacity: -1 },
            { name: 'backup', capacity: 5 },
          ],
        }),
      'clouds.setOrder': ({ order }) => listing([cloud('school'), cloud('backup'), cloud('spare')], { order }),
    });
    render(
      <ApiProvider api={api}>
        <Screen settings={settingsState()} />
      </ApiProvider>,
    );
    const order = await screen.findByRole('list', { name: 'Fallback order' });
    expect((screen.getByRole('button', { name: 'Save order' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(order).getByRole('button', { name: 'Move backup up' }));
    fireEvent.change(screen.getByLabelText('Capacity of school'), { target: { value: '0' } });
    expect(screen.getByText('off')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Add a cloud to the order'), { target: { value: 'spare' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save order' }));
    expect(await screen.findByText('Saved the order.')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('clouds.setOrder', {
      order: [
        { name: 'backup', capacity: 5 },
        { name: 'school', capacity: 0 },
        { name: 'spare', capacity: -1 },
      ],
    });
  });

  it('locks the order while LAB_CONSOLE_LAB_CLOUDS overrides it', async () => {
    const { api } = fakeApi({
      'clouds.list': () => listing([cloud('school')], { order: [{ name: 'school', capacity: -1 }], orderOverride: 'school' }),
    });
    render(
      <ApiProvider api={api}>
        <Screen settings={settingsState()} />
      </ApiProvider>,
    );
    expect(await screen.findByText(/LAB_CONSOLE_LAB_CLOUDS is set \(school\)/)).toBeTruthy();
    expect((screen.getByRole('group', { name: 'Clouds for labs, in order' }) as HTMLFieldSetElement).disabled).toBe(true);
  });

  it('saves a usage limit of hours with warn or block, and clears it', async () => {
    const { api } = fakeApi({ 'clouds.list': () => listing([]) });
    const settings = settingsState();
    const view = render(
      <ApiProvider api={api}>
        <Screen settings={settings} />
      </ApiProvider>,
    );
    await screen.findByText('No cloud is set up yet.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Limit the running hours of labs' }));
    fireEvent.change(screen.getByLabelText('Hours'), { target: { value: '0' } });
    expect(screen.getByText('Enter a number of hours above 0.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Save limit' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Hours'), { target: { value: '12' } });
    fireEvent.change(screen.getByLabelText('When reached'), { target: { value: 'block' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));
    expect(await screen.findByText('Saved: launching stops after 12 lab hours.')).toBeTruthy();
    expect(settings.update).toHaveBeenCalledWith({ usageLimit: { hours: 12, mode: 'block' } });

    const saved = { ...settings, settings: { ...settings.settings!, usageLimit: { hours: 12, mode: 'block' as const } } };
    view.rerender(
      <ApiProvider api={api}>
        <Screen settings={saved} />
      </ApiProvider>,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Limit the running hours of labs' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save limit' }));
    expect(settings.update).toHaveBeenLastCalledWith({ usageLimit: null });
  });
});
