/**
 * One line of tab-separated cells for a terminal. Cells come from feeds and pages (hostile text): tabs and
 * line breaks would break the columns, and control characters (an ANSI escape in a title) would reach the
 * operator's terminal, so both become spaces.
 */
export function tsvLine(cells: readonly (string | number | undefined)[]): string {
  // eslint-disable-next-line no-control-regex
  return cells.filter((c) => c !== undefined).map((c) => String(c).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')).join('\t');
}
