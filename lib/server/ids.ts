// Ids that come from outside — a URL segment, a bound server-action argument (it travels in the POST, so a crafted
// request can send any JSON: a number, an array, a 36-character string of dashes) — are checked here before any
// query. Anything but a uuid string is "not found": a 404 page or the action's not-found answer, never a database
// error (PostgreSQL refuses a malformed uuid with an error, which would be a 500).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a uuid string (our records' ids); a type guard, so the caller goes on with a `string`. */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
