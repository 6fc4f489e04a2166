import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LabApi } from '../../shared/contract';
import { APP_COMMANDS } from '../../shared/commands/app-commands';
import { ApiProvider } from '../api/api-context';
import type { Route } from '../hooks/use-route';
import type { SettingsState } from '../hooks/use-settings';
import { CommandPalette } from './CommandPalette';

/** A stand-in for the app's transport that records the calls (the palette is what is tested). */
function recordingApi() {
  const listeners = new Map<string, (payload: unknown) => void>();
  const call = vi.fn(async () => ({}));
  const api = {
    call,
    on: (name: string, listener: (payload: unknown) => void) => (listeners.set(name, listener), () => listeners.delete(name)),
  } as unknown as LabApi;
  return { api, call, push: (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload)) };
}
const settings: SettingsState = { settings: undefined, error: undefined, update: async () => true };

function renderPalette(route: Route) {
  const recorded = recordingApi();
  render(
    <ApiProvider api={recorded.api}>
      <CommandPalette route={route} settings={settings} />
    </ApiProvider>,
  );
  return recorded;
}
const openPalette = () => fireEvent.keyDown(window, { key: 'P', code: 'KeyP', ctrlKey: true, shiftKey: true });

describe('the command palette', () => {
  it('opens on Ctrl+Shift+P listing every command of the menu model, and runs Launch on the course on screen', async () => {
    const { call } = renderPalette({ screen: 'lab', params: ['intro-linux'] });
    openPalette();
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(
      APP_COMMANDS.map((c) => expect.stringContaining(c.label) as unknown as string),
    );
    fireEvent.change(screen.getByRole('combobox', { name: 'Command' }), { target: { value: 'launch' } });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Command' }), { key: 'Enter' });
    expect(await screen.findByText('Launching the lab of intro-linux…')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('lab.launch', { courseId: 'intro-linux' });
    expect(screen.queryByRole('dialog', { name: 'Command palette' })).toBeNull();
  });

  it('asks for a course first instead of acting without one', async () => {
    const { call } = renderPalette({ screen: 'courses', params: [] });
    openPalette();
    fireEvent.change(screen.getByRole('combobox', { name: 'Command' }), { target: { value: 'suspend' } });
    fireEvent.keyDown(screen.getByRole('combobox', { name: 'Command' }), { key: 'Enter' });
    expect(await screen.findByText('Suspend lab: open a course first.')).toBeTruthy();
    expect(call).not.toHaveBeenCalled();
  });

  it('runs a command the desktop menu sends', async () => {
    const { call, push } = renderPalette({ screen: 'lab', params: ['intro-linux'] });
    push('app.command', { id: 'lab.resume' });
    expect(await screen.findByText('Resuming the lab of intro-linux…')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('lab.resume', { courseId: 'intro-linux' });
  });
});
