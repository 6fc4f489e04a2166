import { useTranslation } from 'react-i18next';
import { labHours } from '../lab/lab-format';

/** Active hours and billed ÷ active as the dashboard shows them: unknown is "—", never 0. */
export function useActivityText(): {
  hours: (seconds: number | null) => string;
  ratio: (ratio: number | null) => string;
  activeHint: string;
  wasteHint: string;
  unknownHint: string;
} {
  const { t } = useTranslation();
  return {
    hours: (seconds) => (seconds === null ? '—' : labHours(seconds)),
    ratio: (ratio) => (ratio === null ? '—' : t('cost.activity.ratio', { ratio })),
    activeHint: t('cost.activity.activeHint'),
    wasteHint: t('cost.activity.wasteHint'),
    unknownHint: t('cost.activity.unknown'),
  };
}
