// What the payment page's server rendering (pay-form.tsx) hands its browser script (island.ts): the names that tie
// the two to the same elements, and the page's settings as JSON in the page.
import type { PayRequirements } from '@/lib/checkout/schema';
import { payCheckMessageKeys } from './check-pay-form';

/** The <script type="application/json"> holding the IslandConfig. */
export const ISLAND_CONFIG_ID = 'pay-form-config';
/** Marks the payment form. */
export const PAY_FORM_ATTRIBUTE = 'data-pay-form';
/** Marks the message about the submission key (the page must be reloaded), which has no field of its own. */
export const SUBMISSION_ERROR_ATTRIBUTE = 'data-submission-error';

export type IslandConfig = {
  requirements: PayRequirements;
  /** The texts of the message keys checkPayForm can answer with, in the page's language. */
  messages: Record<string, string>;
  /** The submit button's text while the browser goes to the gateway. */
  submitting: string;
};

export function islandConfig(requirements: PayRequirements, translate: (key: string) => string, submitting: string): IslandConfig {
  return { requirements, messages: Object.fromEntries(payCheckMessageKeys(requirements).map((key) => [key, translate(key)])), submitting };
}
