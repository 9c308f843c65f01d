// The workflow commands a runner would act on in a log, parsed as actions/runner's ActionCommand does
// (TryParseV2, then the legacy TryParse): a line that, after leading white space, starts with `::` and holds a
// second `::` (`::name props::data`), or a line holding `##[name props]` anywhere. Returns each command's name,
// registered or not, so a test can say which commands a log carries.
export function workflowCommands(log: string): string[] {
  const names: string[] = []
  for (const line of log.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    const end = trimmed.indexOf('::', 2)
    if (trimmed.startsWith('::') && end >= 0) {
      names.push(trimmed.slice(2, end).split(' ')[0] ?? '')
      continue
    }
    const prefix = line.indexOf('##[')
    const close = prefix < 0 ? -1 : line.indexOf(']', prefix)
    if (close >= 0) names.push(line.slice(prefix + 3, close).split(' ')[0] ?? '')
  }
  return names
}

/** Text as a reader of rendered HTML sees and copies it: tags dropped, numeric entities and &amp; &lt; &gt; &quot; decoded. */
export function renderedText(html: string): string {
  const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"' }
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|[a-z]+);/g, (entity, code: string) =>
      code.startsWith('#') ? String.fromCodePoint(Number(code.slice(1))) : (named[code] ?? entity)
    )
}
