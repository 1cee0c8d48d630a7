// The payment page's only script (built into public/pay-island.js by scripts/build-pay-island.ts; the page has no
// framework in the browser). It checks the form before it is sent, as the server will (checkPayForm): every field's
// error at once, with aria-invalid and aria-describedby, focus on the first; once errors are shown they follow what
// is typed. A valid form is sent as it would be without the script, and the button says where the customer is going.
// It also tells the server the browser's time zone (a cookie), as the dashboard's pages do.
import { rememberTimeZone } from '@/components/i18n/remember-time-zone';
import { checkPayForm, PAY_FIELDS, type PayField, type PayFieldErrors } from './check-pay-form';
import { ISLAND_CONFIG_ID, PAY_FORM_ATTRIBUTE, SUBMISSION_ERROR_ATTRIBUTE, type IslandConfig } from './island-config';

type Control = HTMLInputElement | HTMLSelectElement;

function controlOf(form: HTMLFormElement, field: PayField): Control | null {
  const element = form.elements.namedItem(field);
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element : null;
}

function enhance(form: HTMLFormElement, config: IslandConfig): void {
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const submitText = submit?.textContent ?? '';
  // The form-level message of the server's last answer (FormMessage): stale once the customer changes the form.
  const banner = form.querySelector<HTMLElement>(':scope > div[role]');
  const submissionError = form.querySelector<HTMLElement>(`[${SUBMISSION_ERROR_ATTRIBUTE}]`);
  // The page may come back from the server with errors: from then on they follow what is typed, as after a check here.
  let showing = form.querySelector('[aria-invalid="true"]') !== null || Boolean(submissionError?.textContent);

  const check = (): PayFieldErrors => {
    const data = new FormData(form);
    return checkPayForm(config.requirements, (field) => {
      const value = data.get(field);
      return typeof value === 'string' ? value : '';
    });
  };

  const show = (errors: PayFieldErrors): void => {
    for (const field of PAY_FIELDS) {
      const message = errors[field] ? (config.messages[errors[field]] ?? '') : '';
      const control = field === 'submissionKey' ? null : controlOf(form, field);
      if (!control) {
        if (field === 'submissionKey' && submissionError) submissionError.textContent = message;
        continue;
      }
      const errorElement = document.getElementById(`${control.id}-error`);
      if (errorElement) errorElement.textContent = message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const hint = document.getElementById(`${control.id}-hint`);
      const describedBy = [hint ? hint.id : null, message && errorElement ? errorElement.id : null].filter(Boolean).join(' ');
      if (describedBy) control.setAttribute('aria-describedby', describedBy);
      else control.removeAttribute('aria-describedby');
    }
  };

  form.addEventListener('submit', (event) => {
    const errors = check();
    showing = true;
    show(errors);
    const first = PAY_FIELDS.find((field) => errors[field]);
    if (first) {
      event.preventDefault();
      (first === 'submissionKey' ? submissionError : controlOf(form, first))?.focus();
      return;
    }
    // Sent: one order per page load, so a second press would only wait for the same answer.
    if (submit) {
      submit.disabled = true;
      submit.textContent = config.submitting;
    }
  });

  const follow = (): void => {
    if (banner) banner.replaceChildren();
    if (showing) show(check());
  };
  form.addEventListener('input', follow);
  form.addEventListener('change', follow);

  // Back from the gateway (the page restored from the browser's cache): the button works again.
  window.addEventListener('pageshow', () => {
    if (submit) {
      submit.disabled = false;
      submit.textContent = submitText;
    }
  });
}

function start(): void {
  rememberTimeZone();
  const form = document.querySelector<HTMLFormElement>(`form[${PAY_FORM_ATTRIBUTE}]`);
  const configText = document.getElementById(ISLAND_CONFIG_ID)?.textContent;
  if (form && configText) enhance(form, JSON.parse(configText) as IslandConfig);
}

start();
