import type { Translation } from '../catalogue';
import type { common as source } from '../en/common';

export const common: Translation<typeof source> = {
  appName: 'Lab Console',
  money: '{{amount, currency}}',
  number: '{{value, number}}',
  dateTime: '{{when, datetime}}',
};
