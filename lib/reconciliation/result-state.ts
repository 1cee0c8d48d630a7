// A check's result as the Check now buttons show it: a message key under `reconciliation.result` with its values
// (the status is a status key; the component puts it in words). Success when the gateway answered, error otherwise.
import 'server-only';
import type { FormState } from '@/lib/form-state';
import { GATEWAY_CATALOG } from '@/lib/gateways/catalog';
import type { CheckResult } from './reconcile';

export function checkResultState(result: CheckResult): FormState {
  if (result.outcome === 'missing') return { status: 'error', message: 'reconciliation.result.missing' };
  const gateway = GATEWAY_CATALOG[result.gateway].name;
  const say = (status: FormState['status'], key: string, values: Record<string, string> = {}): FormState => ({
    status,
    message: `reconciliation.result.${key}`,
    messageValues: { gateway, ...values },
  });
  switch (result.outcome) {
    case 'found': {
      // What the merchant came for: the first record that is news, else the payment (or subscription) we hold.
      const record = result.records.find((entry) => entry.change !== 'unchanged') ?? result.records[0];
      if (!record) return say('success', 'nothingYet');
      const values = { kind: record.kind, resourceId: record.resourceId, status: record.status };
      return say('success', record.change === 'unchanged' ? 'unchanged' : 'recorded', values);
    }
    case 'nothing_yet':
      return say('success', 'nothingYet');
    case 'mismatch':
      return say('error', 'mismatch', { kind: result.kind, resourceId: result.resourceId, problem: result.problem });
    case 'failed':
      if (result.reason === 'unreachable') return say('error', 'unreachable');
      if (result.reason === 'unauthorized' || result.reason === 'no_credentials') return say('error', 'credentials');
      if (result.reason === 'not_found') return say('error', 'notFound');
      return say('error', 'failed');
    case 'unsupported':
      return say('error', 'unsupported');
    case 'settled':
      return say('success', 'settled');
    case 'final':
      return say('success', 'final');
  }
}
