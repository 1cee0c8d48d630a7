'use client';
import { useId, useState } from 'react';
import { Button } from './button';

type Props = { label: string; value: string; copyLabel: string; copiedLabel: string; copiedAnnouncement: string };

/** A read-only value with a Copy button that says when it copied (and tells screen readers). */
export function CopyField({ label, value, copyLabel, copiedLabel, copiedAnnouncement }: Props) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Without clipboard permission, fall back to selecting the text so Ctrl+C works.
      const input = document.getElementById(id);
      if (input instanceof HTMLInputElement) input.select();
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 4000);
  };
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm"
        />
        <Button variant="secondary" onClick={copy}>
          {copied ? copiedLabel : copyLabel}
        </Button>
      </div>
      <p role="status" className="sr-only">
        {copied ? copiedAnnouncement : ''}
      </p>
    </div>
  );
}
