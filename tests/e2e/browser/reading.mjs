// What a page shows a person, checked as text (a11y.test.mjs): people by
// name, never "user #3"; money with its currency, never raw cents (a bare
// integer of five or more digits); rates as percentages, never a fraction
// such as "0.43" where a rate belongs.

// Table columns that hold money, and those that hold a rate or a share.
const MONEY_HEAD = /value|amount|revenue|pipeline|forecast|weighted|price/i;
const RATE_HEAD = /rate|conversion|share|probability|coverage|compliance|win|drop|kept|%/i;
const CURRENCY = /[$€£¥₹]|\b[A-Z]{3}\b/;

export function readingProblems(name, { text, cells }) {
  const found = [];
  const ids = text.match(/\buser #\d+/gi);
  if (ids) found.push(`names a person by id: ${[...new Set(ids)].join(', ')}`);
  // a bare integer of 5+ digits (no separators, not part of a date, a
  // phone number, a time or a name with a number)
  const bare = text.match(/(?<![\d.,:/#+\-\w])\d{5,}(?![\d.,:/\-\w])/g);
  if (bare) found.push(`a bare big number (raw cents?): ${[...new Set(bare)].slice(0, 5).join(', ')}`);
  for (const { head, text: cell } of cells) {
    if (RATE_HEAD.test(head) && /^-?(0|1)?\.\d+$/.test(cell)) found.push(`a fraction in the rate column '${head}': ${cell}`);
    else if (MONEY_HEAD.test(head) && !RATE_HEAD.test(head) && /^-?[\d,.]{4,}$/.test(cell) && !CURRENCY.test(cell)) {
      found.push(`money without its currency in '${head}': ${cell}`);
    }
  }
  const rateWords = text.match(/\b(?:win rate|rate|conversion|probability)\b[^\n\d]{0,12}0\.\d+(?!\s*%)/gi);
  if (rateWords) found.push(`a fraction where a percentage belongs: ${[...new Set(rateWords)].slice(0, 3).join('; ')}`);
  return [...new Set(found)];
}
