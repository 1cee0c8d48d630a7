// Random identifiers shaped like the real gateways' ones, so the app's format checks see realistic values.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export const randomDigits = (length: number): string =>
  // The first digit is never 0, so the value reads as a number of exactly `length` digits.
  String(randomInt(1, 10)) + Array.from({ length: length - 1 }, () => String(randomInt(0, 10))).join('');

export const randomHex = (length: number): string =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);

export const randomUuid = (): string => randomUUID();
