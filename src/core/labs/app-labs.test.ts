import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/support/temp-home';
import { EventBus } from '../api/event-bus';
import { CourseLibrary } from '../courses/course-library';
import { silentLogger } from '../log/logger';
import { confBackend } from '../settings/conf-backend';
import { SettingsStore } from '../settings/settings-store';
import { openDatabase, type Db } from '../store/database';
import { MemorySecretStore } from '../store/secret-store';
import { systemClock } from '../time/clock';
import { createAppLabs } from './app-labs';

describe('createAppLabs', () => {
  let db: Db | undefined;
  let home: ReturnType<typeof tempHome>;
  beforeEach(() => {
    home = tempHome('lc-app-labs-');
  });
  afterEach(() => {
    db?.close();
    home.remove();
  });

  it('applies the usage limit of Settings as it changes, without a restart', () => {
    db = openDatabase({ path: join(home.path, 'lab-console.db') });
    const settings = new SettingsStore(confBackend(home.path));
    const labs = createAppLabs({
      db,
      secrets: new MemorySecretStore(),
      settings,
      courses: new CourseLibrary({ db, home: home.path, clock: systemClock, logger: silentLogger }),
      clock: systemClock,
      logger: silentLogger,
      events: new EventBus(),
      env: {},
    });
    expect(labs.policies.usage().limitHours).toBeNull();
    settings.update({ usageLimit: { hours: 12, mode: 'block' } });
    expect(labs.policies.usage()).toMatchObject({ limitHours: 12, blocked: false });
    settings.update({ usageLimit: null });
    expect(labs.policies.usage().limitHours).toBeNull();
  });
});
