/**
 * Numbers in the council's units, for text people read: whole pupils and whole pounds, with
 * thousands separators (exact values stay in the JSON).
 */

/** "1,234": a count of pupils (or places) rounded to a whole number. */
export const wholeNumber = (x: number): string => (Math.round(x) || 0).toLocaleString('en-GB');

/** "£25,007": pounds rounded to a whole pound. */
export const pounds = (x: number): string => `£${wholeNumber(x)}`;
