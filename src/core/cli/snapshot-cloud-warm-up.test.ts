import { describe, expect, it } from 'vitest';
import { warmCloudParsing, warmEventListParsing, warmStackListParsing } from './snapshot-cloud-warm-up';

describe('the cloud warm-up of the start-up snapshot', () => {
  it('reads its sample clouds.yaml and token through the paths a cloud command takes, down to the Heat endpoint', () => {
    // It throws where a sample no longer fits the parsers (the snapshot's build would then fail).
    expect(warmCloudParsing()).toEqual({ authUrl: 'http://keystone.invalid:5000/v3', orchestration: 'http://orchestration.invalid/' });
  });

  it('reads its sample stack list through the schema and the summaries a listing makes', () => {
    expect(warmStackListParsing()).toEqual(['sample-0', 'sample-1', 'sample-2']);
  });

  it('reads its sample events through the schema and the events a cohort listing makes', () => {
    expect(warmEventListParsing()).toEqual(['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  });
});
