// Prints rows of values as an aligned plain-text table (numbers right-aligned).

export type Cell = string | number | boolean | null | undefined;

export function formatCell(value: Cell): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '–';
    return Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 0 : 2);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

export function renderTable(title: string, columns: string[], rows: Cell[][]): string {
  const text = rows.map((row) => row.map(formatCell));
  const widths = columns.map((c, i) => Math.max(c.length, ...text.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map((_, i) => rows.every((r) => typeof r[i] === 'number' || r[i] === null || r[i] === undefined));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (numeric[i] ? '-'.repeat(w + 1) + ':' : '-'.repeat(w + 2))).join('|') + '|';
  return [`\n### ${title}\n`, line(columns), rule, ...text.map(line)].join('\n');
}

export function printTable(title: string, columns: string[], rows: Cell[][]): void {
  console.log(renderTable(title, columns, rows));
}
