'use client';
// Hands the page's CSP nonce to the libraries that inject <style> elements at run time: Radix's dialogs lock scrolling
// with a stylesheet (react-remove-scroll through react-style-singleton), which reads the nonce from the
// `__webpack_nonce__` global. Under the pages' policy (`style-src 'self' 'nonce-…'`, proxy.ts) a <style> without the
// nonce is refused. The nonce is the document's own, read from one of Next's scripts (the `nonce` property keeps the
// value the browser hides from the attribute), so it always matches the policy the document was served with, also
// after client-side navigations, whose responses carry other nonces.
declare global {
  var __webpack_nonce__: string | undefined;
}

function adoptDocumentNonce(): void {
  if (typeof document === 'undefined' || globalThis.__webpack_nonce__) return;
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (nonce) globalThis.__webpack_nonce__ = nonce;
}

adoptDocumentNonce();

/** Rendered once by the root layout, so this module runs in every page before any dialog opens. */
export function StyleNonce(): null {
  adoptDocumentNonce();
  return null;
}
