'use client';
import { useEffect } from 'react';
import { rememberTimeZone } from './remember-time-zone';

/** The browser's time zone, told to the server once a page is shown (remember-time-zone.ts). */
export function TimeZoneCookie() {
  useEffect(rememberTimeZone, []);
  return null;
}
