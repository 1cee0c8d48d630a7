// The HTML shell of the gateways' hosted checkout pages. Our Playwright runs check every page with axe, so these
// pages are accessible the plain way: a lang attribute, a title, one main landmark, one h1, real labels and
// fieldsets with legends, and a native form that works without JavaScript.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and double-quoted attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);

export type Choice = { value: string; label: string; checked?: boolean };

/** A group of radio buttons with a legend: the method and outcome pickers. */
export function radioGroup(name: string, legend: string, choices: readonly Choice[]): string {
  const items = choices
    .map((choice) => {
      const id = `${name}-${choice.value}`;
      return `<div class="choice"><input type="radio" id="${escapeHtml(id)}" name="${escapeHtml(name)}" value="${escapeHtml(choice.value)}"${choice.checked ? ' checked' : ''} required><label for="${escapeHtml(id)}">${escapeHtml(choice.label)}</label></div>`;
    })
    .join('');
  return `<fieldset><legend>${escapeHtml(legend)}</legend>${items}</fieldset>`;
}

/** A labelled text input. */
export function textField(input: { name: string; label: string; type?: 'text' | 'email'; value?: string; autocomplete?: string }): string {
  const id = `field-${input.name}`;
  return `<div class="field"><label for="${escapeHtml(id)}">${escapeHtml(input.label)}</label><input id="${escapeHtml(id)}" name="${escapeHtml(input.name)}" type="${input.type ?? 'text'}" value="${escapeHtml(input.value ?? '')}" required${input.autocomplete ? ` autocomplete="${escapeHtml(input.autocomplete)}"` : ''}></div>`;
}

export type HostedPage = {
  /** The gateway's name, shown in the header and the title. */
  gateway: string;
  heading: string;
  /** Label/value pairs shown above the form (amount, merchant, reference…). */
  summary: ReadonlyArray<[string, string]>;
  /** An error to announce (e.g. a declined card on a subscription page). */
  alert?: string;
  /** Pre-rendered, already escaped form controls. */
  controls: string;
  submitLabel: string;
  /** Several submit buttons instead of the one above, e.g. Pay and Decline; the pressed one sends its name=value. */
  buttons?: ReadonlyArray<{ name: string; value: string; label: string }>;
  /** The form posts here. */
  action: string;
};

export function renderHostedPage(page: HostedPage): string {
  const summary = page.summary.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  const alert = page.alert ? `<p role="alert" class="alert">${escapeHtml(page.alert)}</p>` : '';
  const buttons = page.buttons
    ? page.buttons.map((button) => `<button type="submit" name="${escapeHtml(button.name)}" value="${escapeHtml(button.value)}">${escapeHtml(button.label)}</button>`).join('\n')
    : `<button type="submit">${escapeHtml(page.submitLabel)}</button>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${page.heading} · ${page.gateway} (simulator)`)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f5f5f5;color:#1a1a1a}
header{background:#fff;border-bottom:1px solid #ccc;padding:.75rem 1.5rem}
main{max-width:32rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:.5rem;border:1px solid #ccc}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
fieldset{border:1px solid #999;border-radius:.25rem;margin:1rem 0;padding:.5rem 1rem}
.choice,.field{margin:.5rem 0}.field label{display:block;margin-bottom:.25rem}
input[type=text],input[type=email]{width:100%;padding:.5rem;border:1px solid #555;border-radius:.25rem;box-sizing:border-box}
button{background:#0b57d0;color:#fff;border:0;border-radius:.25rem;padding:.75rem 1.25rem;font-size:1rem;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.alert{background:#fde7e9;color:#8a1c24;border:1px solid #8a1c24;padding:.5rem 1rem;border-radius:.25rem}
.note{color:#444;font-size:.875rem}
</style>
</head>
<body>
<header><p><strong>${escapeHtml(page.gateway)}</strong> <span class="note">(simulated checkout: no real money moves)</span></p></header>
<main>
<h1>${escapeHtml(page.heading)}</h1>
${alert}
<dl>${summary}</dl>
<form method="post" action="${escapeHtml(page.action)}">
${page.controls}
${buttons}
</form>
</main>
</body>
</html>`;
}

/** An amount for people, e.g. `R$ 10.50` style via Intl in English, so the page reads the same in every test. */
export function formatAmount(amount: number, currency: string): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
}
