import { describe, expect, it } from '@jest/globals'
import { parseIdentity } from '../src/core/identity.js'
import { formatTable, queryLine, verdictLine } from '../src/report/table.js'
import {
  incompleteInfo,
  makeEvent,
  makeQuery,
  makeResult,
  manyEvents,
  pattern
} from '../__fixtures__/scan-result.js'
import { workflowCommands } from '../__fixtures__/workflow-commands.js'

describe('verdictLine', () => {
  it('names each violation and the totals', () => {
    const events = [
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true }),
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true }),
      makeEvent({ EventName: 'DeleteBucket', Forbidden: true })
    ]
    expect(verdictLine(makeResult(events, { scanned: 412 }))).toBe(
      'FORBIDDEN: TerminateInstances ×2, DeleteBucket ×1 (3 of 412 events)'
    )
  })

  it('says clean, noting denied attempts that were not counted', () => {
    expect(verdictLine(makeResult([makeEvent()], { scanned: 412 }))).toBe(
      'CLEAN: no forbidden events in 412 events'
    )
    const denied = makeEvent({ EventName: 'DeleteBucket', Forbidden: true, ErrorCode: 'AccessDenied' })
    const result = makeResult([denied], { query: makeQuery({ ignoreDenied: true }) })
    expect(verdictLine(result)).toBe(
      'CLEAN: no forbidden events in 412 events; 1 denied attempts not counted'
    )
  })

  it('says discovery', () => {
    expect(verdictLine(makeResult(manyEvents(7), { query: makeQuery({ patterns: [] }) }))).toBe(
      'DISCOVERY: 7 events'
    )
  })

  it('says incomplete before anything else, with violations already seen', () => {
    const events = [makeEvent({ EventName: 'DeleteBucket', Forbidden: true })]
    const line = verdictLine(makeResult(events, { incomplete: incompleteInfo() }))
    expect(line).toBe(
      'INCOMPLETE: LookupEvents kept throttling after 8 retries; lower requests-per-second. ' +
        '(stopped in eu-west-1 after 7 pages, 350 events); no verdict; forbidden events already seen: DeleteBucket ×1'
    )
    expect(verdictLine(makeResult([], { incomplete: incompleteInfo() }))).not.toMatch(
      /CLEAN|forbidden events already/
    )
  })

  it('keeps CloudTrail text on one line with no workflow command', () => {
    const events = [makeEvent({ EventName: 'X\n::set-output name=found::false', Forbidden: true })]
    const line = verdictLine(makeResult(events))
    expect(line).not.toContain('\n')
    expect(workflowCommands(line)).toEqual([])
    expect(line).toContain('X\\n::set-output name=found::false')
  })

  it('lists at most 10 violation names', () => {
    const events = manyEvents(12, i => ({ EventName: `Delete${i}`, Forbidden: true }))
    expect(verdictLine(makeResult(events))).toContain(', +2 more (12 of 412 events)')
  })
})

describe('formatTable', () => {
  it('aligns the columns under their titles', () => {
    const events = [
      makeEvent({ EventName: 'TerminateInstances', Forbidden: true, Resources: ['i-1', 'i-2'] }),
      makeEvent({
        EventName: 'DeleteBucket',
        Forbidden: true,
        ErrorCode: 'AccessDenied',
        EventSource: 's3.amazonaws.com'
      }),
      makeEvent()
    ]
    const lines = formatTable(makeResult(events)).split('\n')
    expect(lines[0]).toMatch(/^FORBIDDEN: /)
    expect(lines[1]).toMatch(
      /^Query: user deploy-bot \(Username\); 2024-01-05T00:00:00Z -> 2024-01-05T12:00:00Z/
    )
    const header = lines[2] ?? ''
    expect(header).toMatch(/^TIME +MARK +EVENT +SOURCE +REGION +ERROR +RESOURCES$/)
    const rows = lines.slice(3)
    expect(rows).toHaveLength(3)
    for (const title of ['EVENT', 'SOURCE', 'REGION', 'ERROR', 'RESOURCES']) {
      const col = header.indexOf(title)
      expect(rows.map(r => r[col - 1])).toEqual([' ', ' ', ' '])
      expect(rows.map(r => r[col])).not.toContain(' ')
    }
    expect(rows[0]).toContain('FORBIDDEN  TerminateInstances')
    expect(rows[0]).toMatch(/i-1, i-2$/)
    expect(rows[1]).toContain('denied     DeleteBucket')
    expect(rows[1]).toContain('AccessDenied')
  })

  it('sanitises every CloudTrail string and says how many more events there are', () => {
    const events = manyEvents(5, () => ({
      Resources: ['ok\r\n::add-mask::secret'],
      EventSource: 'x:',
      Region: ':y'
    }))
    const text = formatTable(makeResult(events), { maxRows: 2 })
    const lines = text.split('\n')
    expect(lines).toHaveLength(2 + 1 + 2 + 1)
    expect(workflowCommands(text)).toEqual([])
    expect(text).not.toContain('\r')
    expect(lines[3]).toContain('ok\\r\\n::add-mask::secret')
    expect(lines[5]).toBe('... 3 more events (newest 2 shown; all are in the JSON report)')
    const where = formatTable(makeResult(events), { maxRows: 2, where: '/tmp/report.json' })
    expect(where.split('\n')[5]).toBe('... 3 more events (newest 2 shown; all are in /tmp/report.json)')
  })

  it('prints ARNs, event names and the identity exactly, so a copied value matches', () => {
    const role = 'arn:aws:iam::123456789012:role/deploy-prod'
    const bucket = 'arn:aws:s3:::my-bucket'
    const events = [makeEvent({ EventName: 'PutBucketPolicy', Forbidden: true, Resources: [bucket] })]
    const identity = parseIdentity(role)
    if (!identity) throw new Error('a role ARN')
    const query = makeQuery({ identity })
    const text = formatTable(makeResult(events, { query }))
    expect(text).toContain(`Query: user ${role} (`)
    expect(text).toMatch(/FORBIDDEN +PutBucketPolicy +ec2\.amazonaws\.com/)
    expect(text.split('\n').at(-1)).toMatch(new RegExp(`${bucket.replace(/[.:]/g, '\\$&')}$`))
    expect(text).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/)
  })

  it('says when nothing matched', () => {
    expect(formatTable(makeResult([])).split('\n')[2]).toBe('No matched events.')
  })
})

describe('queryLine', () => {
  it('notes the global-events lookup only when us-east-1 is not scanned anyway', () => {
    expect(queryLine(makeResult([], { query: makeQuery({ regions: ['eu-west-1'] }) }))).toContain(
      'Regions eu-west-1 (+ global events from us-east-1);'
    )
    const off = makeQuery({ regions: ['eu-west-1'], includeGlobalEvents: false })
    expect(queryLine(makeResult([], { query: off }))).toContain('Regions eu-west-1;')
    // The plan skips us-east-1 when no pattern can match a global service, and the line follows the plan.
    const ec2Only = makeQuery({ regions: ['eu-west-1'], patterns: [pattern('ec2:TerminateInstances')] })
    expect(queryLine(makeResult([], { query: ec2Only }))).toContain('Regions eu-west-1;')
  })

  it('describes a discovery query', () => {
    expect(
      queryLine(makeResult([], { query: makeQuery({ patterns: [], regions: ['eu-west-1', 'us-east-1'] }) }))
    ).toBe(
      'Query: user deploy-bot (Username); 2024-01-05T00:00:00Z -> 2024-01-05T12:00:00Z; ' +
        'Regions eu-west-1, us-east-1; forbidden: none (discovery); ignore-denied: no'
    )
  })
})
