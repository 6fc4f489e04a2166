import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CloudEntry, CloudListing, LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { CloudsCard } from './CloudsCard';
import { useClouds } from './use-clouds';

const school: CloudEntry = {
  name: 'school',
  source: 'app',
  authUrl: 'https://school.example/v3',
  kind: 'password',
  isDefault: true,
  capacity: -1,
  removable: true,
  rates: { runningPerHour: 0.5, suspendedPerHour: 0.01, currency: 'EUR' },
};

function setup() {
  let current: CloudListing = { clouds: [school], order: [] };
  const call = vi.fn(async (name: string, input: { rates?: CloudEntry['rates'] }) => {
    if (name === 'clouds.setRates') current = { clouds: [{ ...school, rates: input.rates ?? undefined }], order: [] };
    return current;
  });
  const api = { call, on: () => () => undefined } as unknown as LabApi;
  function Screen() {
    return <CloudsCard clouds={useClouds()} />;
  }
  render(
    <ApiProvider api={api}>
      <Screen />
    </ApiProvider>,
  );
  return call;
}

describe('Settings › Clouds › Rates', () => {
  it('edits the running and suspended rate, the currency and per-flavor rates of a cloud added here', async () => {
    const call = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Set the rates of school' }));
    expect((screen.getByLabelText('Running, per hour') as HTMLInputElement).value).toBe('0.5');
    fireEvent.change(screen.getByLabelText('Running, per hour'), { target: { value: '1,25' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'usd' } });
    fireEvent.change(screen.getByLabelText('Per flavor'), { target: { value: 'm1.large 2 0.02\n\nm1.small 0.5 0.005' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rates' }));
    expect(await screen.findByText('Saved the rates of school: costs use them from now on.')).toBeTruthy();
    expect(call).toHaveBeenCalledWith('clouds.setRates', {
      name: 'school',
      rates: {
        runningPerHour: 1.25,
        suspendedPerHour: 0.01,
        currency: 'USD',
        flavors: {
          'm1.large': { runningPerHour: 2, suspendedPerHour: 0.02 },
          'm1.small': { runningPerHour: 0.5, suspendedPerHour: 0.005 },
        },
      },
    });
  });

  it('refuses a negative rate, a currency that is not ISO 4217 and a flavor line it cannot read, before asking the app', async () => {
    const call = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Set the rates of school' }));
    fireEvent.change(screen.getByLabelText('Suspended, per hour'), { target: { value: '-1' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EURO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rates' }));
    expect(screen.getByText('A number, 0 or more.')).toBeTruthy();
    expect(screen.getByText('An ISO 4217 currency code, e.g. EUR or USD.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Per flavor'), { target: { value: 'm1.large two' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save rates' }));
    expect(screen.getByText(/^Line 1: write the flavor/)).toBeTruthy();
    expect(call).not.toHaveBeenCalledWith('clouds.setRates', expect.anything());
  });
});
