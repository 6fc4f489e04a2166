import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CloudEntry, CloudListing } from '../../shared/contract';
import type { CloudRates } from '../../shared/openstack/cloud-summary';
import { EditRates } from '../../shared/labs/rates-edit';
import { Field, FormEnd, useCloudCall } from './CloudFormFields';

const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.')));

/** "m1.large 0.50 0.01" per line: a flavor, its running and its suspended rate per hour. */
function flavorLines(rates: CloudRates | undefined): string {
  return Object.entries(rates?.flavors ?? {})
    .map(([name, f]) => `${name} ${f.runningPerHour} ${f.suspendedPerHour}`)
    .join('\n');
}

function parseFlavors(text: string): { flavors?: Record<string, { runningPerHour: number; suspendedPerHour: number }>; badLine?: number } {
  const flavors: Record<string, { runningPerHour: number; suspendedPerHour: number }> = {};
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const parts = line.trim().split(/\s+/);
    if (parts.length !== 3) return { badLine: index + 1 };
    flavors[parts[0]!] = { runningPerHour: numberOf(parts[1]!), suspendedPerHour: numberOf(parts[2]!) };
  }
  return Object.keys(flavors).length ? { flavors } : {};
}

/**
 * The hourly rates of a cloud added in the app: running and suspended (a suspended lab still pays
 * for its disks), the currency (ISO 4217), and per-flavor rates. Checked here and again by the app;
 * the cost of every lab on this cloud is read with them from then on.
 */
export function RatesForm({
  cloud,
  onSaved,
  onCancel,
}: {
  cloud: CloudEntry;
  onSaved: (listing: CloudListing) => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const [v, setV] = useState({
    runningPerHour: cloud.rates ? String(cloud.rates.runningPerHour) : '',
    suspendedPerHour: cloud.rates ? String(cloud.rates.suspendedPerHour) : '',
    currency: cloud.rates?.currency ?? '',
    flavors: flavorLines(cloud.rates),
  });
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, errors, message, submit } = useCloudCall('clouds.setRates', onSaved);
  const set = (key: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const shown = { ...errors, ...local };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const flavors = parseFlavors(v.flavors);
    if (flavors.badLine) {
      setLocal({ flavors: t('cost.rates.flavorLine', { line: flavors.badLine }) });
      return;
    }
    const rates = {
      runningPerHour: numberOf(v.runningPerHour),
      suspendedPerHour: numberOf(v.suspendedPerHour),
      currency: v.currency.trim().toUpperCase(),
      ...(flavors.flavors ? { flavors: flavors.flavors } : {}),
      ...(cloud.rates?.flavorParameter ? { flavorParameter: cloud.rates.flavorParameter } : {}),
    };
    const checked = EditRates.safeParse(rates);
    if (!checked.success) {
      setLocal(
        Object.fromEntries(
          checked.error.issues.map((i) => [
            i.path[0] === 'flavors' ? 'flavors' : String(i.path[0]),
            t(`cost.rates.invalid.${i.path[0] === 'currency' ? 'currency' : 'amount'}`),
          ]),
        ),
      );
      return;
    }
    setLocal({});
    void submit({ name: cloud.name, rates });
  };

  return (
    <form
      className="edit-cloud"
      onSubmit={onSubmit}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      aria-label={t('cost.rates.formLabel', { cloud: cloud.name })}
      noValidate
    >
      <p className="field-hint">{t('cost.rates.intro')}</p>
      <div className="form-grid">
        <Field
          name="runningPerHour"
          label={t('cost.rates.running')}
          value={v.runningPerHour}
          onChange={set('runningPerHour')}
          errors={shown}
          placeholder="0.50"
        />
        <Field
          name="suspendedPerHour"
          label={t('cost.rates.suspended')}
          value={v.suspendedPerHour}
          onChange={set('suspendedPerHour')}
          errors={shown}
          placeholder="0.01"
        />
        <Field
          name="currency"
          label={t('cost.rates.currency')}
          value={v.currency}
          onChange={set('currency')}
          errors={shown}
          placeholder="EUR"
        />
        <label htmlFor={`rates-${cloud.name}-flavors`}>{t('cost.rates.flavors')}</label>
        <div>
          <textarea
            id={`rates-${cloud.name}-flavors`}
            rows={3}
            spellCheck={false}
            value={v.flavors}
            placeholder="m1.large 0.50 0.01"
            aria-invalid={shown.flavors ? true : undefined}
            onChange={(e) => set('flavors')(e.target.value)}
          />
          <p className={shown.flavors ? 'field-error' : 'field-hint'}>{shown.flavors ?? t('cost.rates.flavorsHint')}</p>
        </div>
      </div>
      <FormEnd busy={busy} message={message} onCancel={onCancel} label={t('cost.rates.save')} busyLabel={t('cost.rates.saving')} />
    </form>
  );
}
