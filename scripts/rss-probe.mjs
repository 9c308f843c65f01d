// Preload for the benchmark: `node --import ./scripts/rss-probe.mjs dist/index.js`. When the process exits,
// writes its peak resident set size (KiB, from getrusage) to the file named by BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    writeFileSync(file, `${process.resourceUsage().maxRSS}\n`)
  })
}
