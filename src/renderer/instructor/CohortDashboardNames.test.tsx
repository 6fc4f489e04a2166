import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CohortLab, CohortListing } from '../../shared/cohort/cohort-lab';
import type { LabApi } from '../../shared/contract';
import { ApiProvider } from '../api/api-context';
import { CohortDashboard } from './CohortDashboard';
import { cohortLab, cohortListing } from './cohort-lab-fixture';

const lab = (learner: string, learnerDisplayName?: string): CohortLab =>
  cohortLab(learner, { projectId: `p-${learner}`, projectName: `lab-${learner}`, ...(learnerDisplayName ? { learnerDisplayName } : {}) });

const listingWith = (labs: CohortLab[], learnerNames: CohortListing['learnerNames']): CohortListing =>
  cohortListing(labs, learnerNames ? { learnerNames } : {});

function show(listing: CohortListing): void {
  const api = { call: async () => listing, on: () => () => undefined } as unknown as LabApi;
  render(
    <ApiProvider api={api}>
      <CohortDashboard courseId="x" />
    </ApiProvider>,
  );
}

describe('learners by name on the cohort dashboard', () => {
  it('shows the display name Keystone keeps beside the user name, and finds a learner by it', async () => {
    show(listingWith([lab('ann', 'Ann Example'), lab('bob')], { from: 'keystone', problem: null }));
    await screen.findByText('ann');
    const table = screen.getByRole('table', { name: 'Labs' });
    const learners = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelectorAll('td')[1]!.textContent);
    expect(learners).toEqual(['ann Ann Example', 'bob']);
    expect(screen.queryByTestId('learner-names-note')).toBeNull();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search learners' }), { target: { value: 'example' } });
    expect(screen.getByTestId('row-count').textContent).toBe('1 of 2 labs');
  });

  it('says quietly why learners are named by their labs’ owner when Keystone refused to name them', async () => {
    show(
      listingWith([lab('ann')], { from: 'stack-owner', problem: 'Keystone refused a token scoped to domain "default" (401: no access)' }),
    );
    await screen.findByText('ann');
    const note = screen.getByTestId('learner-names-note');
    expect(note.tagName).toBe('DETAILS');
    expect(note.textContent).toBe(
      'Learners named by their labs’ ownerKeystone refused a token scoped to domain "default" (401: no access)',
    );
  });
});
