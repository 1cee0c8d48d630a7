'use client';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A heading that takes focus when it appears: after a save replaces a form with its result, keyboard and
 * screen-reader users land on the result instead of the top of the page.
 */
export function FocusHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h2 ref={ref} tabIndex={-1} className={`outline-none ${className ?? ''}`}>
      {children}
    </h2>
  );
}
