'use client';
// The create / edit price form. The same schema (made from the merchant's connected accounts) checks it here and
// in the server action; the fields follow the chosen gateway's rules (its catalog), and each rule's reason is
// shown next to its field: e.g. Mercado Pago's currency is fixed to the account's (MP6), Secure and Pay takes
// USD/EUR/GBP (SP5) and counts periods in days (SP6).
import { useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo } from 'react';
import { FormMessage } from '@/components/forms/form-message';
import { useActionForm } from '@/components/forms/use-action-form';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import type { FormState } from '@/lib/form-state';
import type { GatewayId } from '@/core/gateway-ids';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import {
  INTERVAL_CHOICES,
  SLUG_MAX,
  SLUG_MIN,
  connectedGateways,
  currenciesFor,
  currencyDigitsFor,
  formatAmountInput,
  priceSchema,
  type PriceFormInput,
  type PriceRules,
} from '@/lib/prices/schema';

type Props = {
  rules: PriceRules;
  gatewayNames: Record<GatewayId, string>;
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  defaultValues: PriceFormInput;
  submitLabel: string;
  /** The edit form's payment page address up to the slug ("https://…/pay/"): the slug field is shown with it. */
  slugPrefix?: string;
};

export function PriceForm({ rules, gatewayNames, action, defaultValues, submitLabel, slugPrefix }: Props) {
  const t = useTranslations('prices');
  const tAll = useTranslations();
  const countries = useTranslations('countries');
  const locale = useLocale();
  const schema = useMemo(() => priceSchema(rules, locale), [rules, locale]);
  const { form, register, state, pending, formRef, formAction, onSubmit, fieldError } = useActionForm({ schema, action, defaultValues });

  const gatewayValue = form.watch('gateway');
  const gateway = connectedGateways(rules).find((id) => id === gatewayValue);
  const kind = form.watch('kind');
  const interval = form.watch('interval');
  const currency = form.watch('currency');
  const currencies = gateway ? currenciesFor(gateway, rules) : [];
  const gatewayRules = gateway ? GATEWAY_CATALOG[gateway].prices : undefined;
  const singleUnit = gatewayRules?.intervalUnits.length === 1 ? gatewayRules.intervalUnits[0] : undefined;

  // Choosing Mercado Pago preselects its only currency; moving to a gateway that does not take the current one
  // clears it, so a currency is never carried over silently.
  useEffect(() => {
    if (!gateway) return;
    const allowed = currenciesFor(gateway, rules);
    if (allowed.length === 1 && allowed[0] !== undefined) form.setValue('currency', allowed[0]);
    else if (!allowed.includes(form.getValues('currency') ?? '')) form.setValue('currency', '');
    // A gateway with one interval unit (Secure and Pay: days, SP6) takes a custom interval in that unit.
    const units = GATEWAY_CATALOG[gateway].prices.intervalUnits;
    if (units.length === 1) form.setValue('intervalUnit', units[0]);
  }, [gateway, rules, form]);

  const country = gateway ? rules[gateway]?.country : null;
  const currencyHint = gatewayRules ? tAll(gatewayRules.messages.currencyHint, { country: country ? countries(country) : '' }) : undefined;
  const wholeAmounts = gateway !== undefined && currencyDigitsFor(gateway, rules, currency) === 0;
  const amountHint = currency ? (wholeAmounts && gatewayRules ? tAll(gatewayRules.messages.wholeAmountHint, { currency }) : t('field.amountHint', { currency, example: formatAmountInput(4990, 2, locale) })) : undefined;

  return (
    <form ref={formRef} action={formAction} onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-4">
      <FormMessage state={state} />
      <TextField label={t('field.name')} hint={t('field.nameHint')} registration={register('name')} error={fieldError('name')} />
      {slugPrefix !== undefined ? (
        <TextField
          label={t('field.slug')}
          hint={t('field.slugHint', { base: slugPrefix, min: SLUG_MIN, max: SLUG_MAX })}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
          maxLength={SLUG_MAX + 20}
          className="font-mono"
          registration={register('slug')}
          error={fieldError('slug')}
        />
      ) : null}
      <SelectField
        label={t('field.gateway')}
        placeholder={t('field.chooseGateway')}
        options={connectedGateways(rules).map((id) => ({ value: id, label: gatewayNames[id] }))}
        registration={register('gateway')}
        error={fieldError('gateway')}
      />
      <SelectField
        label={t('field.currency')}
        hint={currencyHint}
        placeholder={currencies.length === 1 ? undefined : t('field.chooseCurrency')}
        options={currencies.map((code) => ({ value: code, label: code }))}
        registration={register('currency')}
        error={fieldError('currency')}
      />
      <TextField
        label={t('field.amount')}
        hint={amountHint}
        inputMode="decimal"
        autoComplete="off"
        registration={register('amount')}
        error={fieldError('amount')}
      />
      <SelectField
        label={t('field.kind')}
        options={[
          { value: 'one_time', label: t('field.kindOneTime') },
          { value: 'subscription', label: t('field.kindSubscription') },
        ]}
        registration={register('kind')}
        error={fieldError('kind')}
      />
      {kind === 'subscription' && gateway && gatewayRules ? (
        <div className="flex flex-col gap-4 rounded-md border border-slate-200 p-4">
          <SelectField
            label={t('field.interval')}
            hint={tAll(gatewayRules.messages.intervalHint)}
            options={INTERVAL_CHOICES.map((choice) => ({ value: choice, label: tAll(gatewayRules.messages.intervalChoices[choice]) }))}
            registration={register('interval')}
            error={fieldError('interval')}
          />
          {interval === 'custom' ? (
            singleUnit === 'days' ? (
              <>
                <TextField
                  label={t('field.intervalCountDays')}
                  hint={t('field.intervalCountDaysHint')}
                  inputMode="numeric"
                  registration={register('intervalCount')}
                  error={fieldError('intervalCount')}
                />
                <input type="hidden" name="intervalUnit" value="days" />
              </>
            ) : (
              <>
                <TextField
                  label={t('field.intervalCount')}
                  hint={t('field.intervalCountHint')}
                  inputMode="numeric"
                  registration={register('intervalCount')}
                  error={fieldError('intervalCount')}
                />
                <SelectField
                  label={t('field.intervalUnit')}
                  options={gatewayRules.intervalUnits.map((unit) => ({ value: unit, label: t(unit === 'months' ? 'field.unitMonths' : 'field.unitDays') }))}
                  registration={register('intervalUnit')}
                  error={fieldError('intervalUnit')}
                />
              </>
            )
          ) : null}
        </div>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? t('saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
