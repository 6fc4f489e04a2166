import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CloudListing, LabApi, Settings } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import type { SettingsState } from '../hooks/use-settings';
import { InstructorCard } from './InstructorCard';
import { useClouds } from './use-clouds';

const listing: CloudListing = {
  clouds: ['school', 'teacher'].map((name) => ({
    name,
    source: 'clouds.yaml',
    authUrl: `https://${name}.example/v3`,
    kind: 'password',
    isDefault: name === 'school',
    capacity: -1,
    removable: false,
  })),
  order: [],
  defaultCloud: 'school',
};

function Card({ settings }: { settings: SettingsState }) {
  return <InstructorCard clouds={useClouds()} settings={settings} />;
}

function setup(initial: Partial<Settings> = {}, accepted = true) {
  const api = { call: vi.fn(async () => listing), on: () => () => undefined } as unknown as LabApi;
  const settings = {
    settings: { theme: 'system', stepsPaneRatio: 0.42, terminalFontSize: 14, ...initial } as Settings,
    error: undefined,
    update: vi.fn(async () => accepted),
  };
  render(
    <ApiProvider api={api}>
      <Card settings={settings} />
    </ApiProvider>,
  );
  return settings;
}

describe('Settings › Instructor', () => {
  it('saves the cloud, the cohort tag and the project pattern, leaving out what is empty', async () => {
    const settings = setup();
    await screen.findByRole('option', { name: 'teacher' });
    expect(screen.getByRole('option', { name: 'The default cloud (school)' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Cloud'), { target: { value: 'teacher' } });
    fireEvent.change(screen.getByLabelText('Cohort tag'), { target: { value: ' spring-2027 ' } });
    expect(screen.getByText('lc-cohort=spring-2027')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save cohort' }));
    expect(settings.update).toHaveBeenCalledWith({ instructor: { cloud: 'teacher', cohort: 'spring-2027' } });
    expect(await screen.findByText(/Saved\. The Instructor screen and lab-console cohort use it/)).toBeTruthy();
  });

  it('refuses a project pattern that is not a regular expression, saying so beside the field', async () => {
    const settings = setup({ instructor: { projectPattern: '^lab-' } });
    expect((screen.getByLabelText('Project names') as HTMLInputElement).value).toBe('^lab-');
    fireEvent.change(screen.getByLabelText('Project names'), { target: { value: 'lab-(' } });
    expect(screen.getByText('The project name pattern is not a valid regular expression.')).toBeTruthy();
    expect(screen.getByLabelText('Project names').getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Save cohort' }) as HTMLButtonElement).disabled).toBe(true);

    // Emptied: every field empty clears the setting.
    fireEvent.change(screen.getByLabelText('Project names'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cohort' }));
    expect(settings.update).toHaveBeenCalledWith({ instructor: null });
  });

  it('saves the listing’s requests at once as a number, and refuses what is not 1 to 64', async () => {
    const settings = setup({ instructor: { concurrency: 8 } });
    const field = screen.getByLabelText('Requests at once') as HTMLInputElement;
    expect(field.value).toBe('8');
    for (const bad of ['0', '65', '2.5', 'many']) {
      fireEvent.change(field, { target: { value: bad } });
      expect(screen.getByText('A whole number from 1 to 64.')).toBeTruthy();
      expect((screen.getByRole('button', { name: 'Save cohort' }) as HTMLButtonElement).disabled).toBe(true);
    }
    fireEvent.change(field, { target: { value: ' 2 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cohort' }));
    expect(settings.update).toHaveBeenCalledWith({ instructor: { concurrency: 2 } });
  });

  it('says nothing was saved when the app refuses the change', async () => {
    setup({}, false);
    fireEvent.change(screen.getByLabelText('Cohort tag'), { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save cohort' }));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByText(/Saved\./)).toBeNull();
  });
});
