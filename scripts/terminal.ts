// Renders the action's job summary (HTML) as plain terminal text, for the demo: headings, lists and tables
// with aligned columns. Entities are decoded for display only; the text was escaped for HTML, not for a TTY,
// so control characters are shown escaped.

function decode(html: string): string {
  return html
    .replace(/<br>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\r\n\t]/g, c => JSON.stringify(c).slice(1, -1))
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text
}

function renderTable(html: string, maxCell: number): string {
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map(row =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map(cell =>
      clip(decode(cell[1] ?? ''), maxCell)
    )
  )
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)))
  const line = (row: string[]): string =>
    '  ' +
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  const [head, ...body] = rows
  if (!head) return ''
  return [line(head), '  ' + widths.map(w => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

export function renderSummary(html: string, maxCell = 44): string {
  const out: string[] = []
  const blocks = html.split(/(<table>.*?<\/table>)/s)
  for (const block of blocks) {
    if (block.startsWith('<table>')) {
      out.push(renderTable(block, maxCell))
      continue
    }
    for (const raw of block.split('\n')) {
      const heading = /^<h([1-6])>(.*)<\/h\1>$/.exec(raw.trim())
      if (heading) {
        out.push(
          '',
          heading[1] === '2' ? `━━ ${decode(heading[2] ?? '')} ━━` : `── ${decode(heading[2] ?? '')}`
        )
        continue
      }
      const text = decode(raw.replace(/<li>/g, '  • ')).trimEnd()
      if (text.trim() !== '') out.push(text)
    }
  }
  return out.join('\n').trim()
}
