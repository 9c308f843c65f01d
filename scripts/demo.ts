// `npm run demo`: a real run of the bundled action against the local CloudTrail emulator, with no AWS account.
// The emulator serves the sample data set at CloudTrail's real 2 requests/s; dist/index.js runs as a child
// process exactly as a GitHub runner starts it (INPUT_* variables, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY files,
// AWS_ENDPOINT_URL_CLOUDTRAIL and AWS_ENDPOINT_URL_STS pointing at the emulator).
//
// Fresh windows: deploy-bot deletes a bucket 5 s before the demo starts, and the emulator shows it in
// LookupEvents only 20 s after the start, as CloudTrail shows events minutes late. Every record, the action's
// own marker call included, is delivered 22 s after it happens, so the action's delivery barrier waits for its
// marker and only then reads the window's newest part, and finds the late DeleteBucket.
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { iamUser, makeRecord, sampleDataset, DEPLOY_BOT, SAMPLE_ACCOUNT } from '../emulator/data.js'
import { startEmulator } from '../emulator/server.js'
import { actionNode, runAction } from '../__fixtures__/runner.js'
import { athenaDemo, type DemoSetup } from './demo-athena.js'
import { renderSummary } from './terminal.js'

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    events: { type: 'string' },
    region: { type: 'string', default: 'eu-west-2' },
    source: { type: 'string', default: 'lookup-events' }
  }
})

const LATE_EVENT_AGO_MS = 5_000
const LATE_EVENT_SHOWN_MS = 20_000
const DELIVERY_DELAY_MS = 22_000

const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text)

async function demo(): Promise<number> {
  if (!existsSync('dist/index.js')) {
    console.error('dist/index.js is missing: run `npm run bundle` first.')
    return 1
  }
  const setup = values.source === 'athena' ? await athenaDemo(values) : await lookupDemo()
  try {
    const inputs = setup.inputs
    console.log(bold('CloudTrail Event Gate — demo'))
    console.log(setup.describe)
    console.log(
      `Running dist/index.js with ${actionNode} (${process.version === undefined ? '' : 'Node '}as a runner would):`
    )
    for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${value}`)
    console.log('')
    const run = await runAction(inputs, {
      ...setup.env,
      AWS_ACCESS_KEY_ID: 'AKIDDEMO',
      AWS_SECRET_ACCESS_KEY: 'demo'
    })
    console.log(bold('── Action log'))
    console.log(run.stdout.trimEnd().replace(/^/gm, '  '))
    console.log('')
    console.log(bold('── Outputs (GITHUB_OUTPUT)'))
    for (const name of ['found', 'count', 'scanned', 'complete', 'denied', 'report']) {
      console.log(`  ${name.padEnd(9)} ${run.outputs[name] ?? '(not set)'}`)
    }
    const events = run.outputs['events'] ?? ''
    console.log(
      `  events    ${events.length > 100 ? `${events.slice(0, 100)}… (${events.length} bytes of JSON)` : events}`
    )
    console.log('')
    console.log(bold('── Job summary (GITHUB_STEP_SUMMARY, rendered for the terminal)'))
    console.log(renderSummary(run.summary))
    console.log('')
    console.log(`${setup.costLine(run.outputs['report'])} ${(run.ms / 1000).toFixed(1)} s.`)
    if (run.outputs['complete'] !== 'true') {
      console.log(bold(`The run did not complete (exit code ${run.code}): see the log above.`))
      return 1
    }
    console.log(
      bold(
        run.code === 1
          ? `Verdict: forbidden events found — in a workflow this step would FAIL (the action exited ${run.code}).`
          : `Verdict: no forbidden events — in a workflow this step would pass (the action exited ${run.code}).`
      )
    )
    console.log(
      'The demo itself worked, so it exits 0. Try: npm run demo -- --user alice --events "Delete*", ' +
        'or a year of S3 data events through Athena: npm run demo -- --source athena'
    )
    return 0
  } finally {
    await setup.close()
  }
}

async function lookupDemo(): Promise<DemoSetup> {
  const started = Date.now()
  const late = makeRecord({
    principal: iamUser(SAMPLE_ACCOUNT, DEPLOY_BOT),
    eventName: 'DeleteBucket',
    source: 's3',
    region: values.region,
    time: started - LATE_EVENT_AGO_MS,
    resources: [{ type: 'AWS::S3::Bucket', name: 'acme-release-artifacts' }],
    deliveryDelayMs: LATE_EVENT_AGO_MS + LATE_EVENT_SHOWN_MS
  })
  const emulator = await startEmulator({
    records: [...sampleDataset(new Date(started)), late],
    requestsPerSecond: 2,
    deliveryDelayMs: DELIVERY_DELAY_MS
  })
  return {
    describe:
      `Local CloudTrail emulator: ${emulator.url} (sample data, 2 requests/s per Region, no AWS account)\n` +
      `Delivery delays: every event shows in LookupEvents ${DELIVERY_DELAY_MS / 1000} s after it happens; ` +
      `${DEPLOY_BOT} deleted a bucket ${LATE_EVENT_AGO_MS / 1000} s ago, shown ${LATE_EVENT_SHOWN_MS / 1000} s from now.`,
    inputs: {
      user: values.user ?? DEPLOY_BOT,
      events: values.events ?? 'TerminateInstances, DeleteBucket, iam:Delete*',
      region: values.region
    },
    env: { AWS_ENDPOINT_URL_CLOUDTRAIL: emulator.url, AWS_ENDPOINT_URL_STS: emulator.url },
    costLine: () => {
      const stats = emulator.stats()
      const throttled = Object.values(stats.regions).reduce((sum, r) => sum + r.throttled, 0)
      const requests = Object.values(stats.regions).reduce((sum, r) => sum + r.requests, 0)
      return `${requests} LookupEvents requests, ${throttled} throttled.`
    },
    close: () => emulator.close()
  }
}

process.exitCode = await demo()
