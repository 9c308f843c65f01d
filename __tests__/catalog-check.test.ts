import { describe, expect, it } from '@jest/globals'
import { loadCatalog } from '../src/query/catalog/catalog.js'
import { editDistance, slipDistance } from '../src/core/nearness.js'
import { parseAllowUnknown } from '../src/query/catalog/validate.js'
import { InputError } from '../src/core/errors.js'
import { validateQuery, type RawQuery } from '../src/query/inputs.js'
import { planLookups } from '../src/sources/lookup-events/plan.js'

// Each forbidden list that ended green against a user who did the forbidden thing (issue 8's table) now fails
// before any AWS call, with the fix in the message; names the catalog cannot place are warnings.

const now = new Date('2026-11-21T12:00:00Z')

function validate(raw: Partial<RawQuery>) {
  return validateQuery({ user: 'deploy-bot', region: 'eu-west-2', ...raw }, { now, env: {} })
}

async function problem(raw: Partial<RawQuery>): Promise<InputError> {
  try {
    await validate(raw)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`expected an InputError for ${JSON.stringify(raw)}`)
}

describe('exact names the catalog does not know', () => {
  it.each<[string, string]>([
    [
      'TerminateInstance',
      "'TerminateInstance' is not a CloudTrail event name; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      'terminateinstances',
      "'terminateinstances' is not a CloudTrail event name; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      'ec2:TerminateInstance',
      "'ec2:TerminateInstance' is not a CloudTrail event name of ec2.amazonaws.com; did you mean 'TerminateInstances' (ec2.amazonaws.com)?"
    ],
    [
      'UpdateFunctionCode',
      "'UpdateFunctionCode' is not a CloudTrail event name; did you mean 'UpdateFunctionCode20150331v2' (lambda.amazonaws.com)?"
    ],
    [
      's3:PutBucketLifecycleConfiguration',
      "'s3:PutBucketLifecycleConfiguration' is not a CloudTrail event name of s3.amazonaws.com; did you mean 'PutBucketLifecycle' (s3.amazonaws.com)?"
    ],
    [
      'ConsoleLogon',
      "'ConsoleLogon' is not a CloudTrail event name; did you mean 'ConsoleLogin' (signin.amazonaws.com)?"
    ]
  ])('%s is an input error naming the suggestion', async (events, message) => {
    const error = await problem({ events })
    expect(error.input).toBe('events')
    expect(error.message).toBe(`Input 'events': ${message}`)
  })

  it('lists every close miss at once', async () => {
    const error = await problem({ events: 'TerminateInstance, DeleteBucket, DeleteBuckett' })
    expect(error.message).toMatch(
      /^Input 'events' has 2 problems:\n- 'TerminateInstance' .*\n- 'DeleteBuckett' /
    )
  })

  it('accepts known names, qualified or not, and records where the catalog knows them', async () => {
    const query = await validate({
      events: 'TerminateInstances, iam:DeleteRole, ConsoleLogin, UpdateFunctionCode20150331v2, Delete*'
    })
    expect(query.warnings).toEqual([])
    expect(query.patterns.map(p => p.sources)).toEqual([
      ['ec2.amazonaws.com'],
      ['iam.amazonaws.com'],
      ['signin.amazonaws.com'],
      ['lambda.amazonaws.com'],
      undefined
    ])
  })

  it('warns about a name close to nothing, and goes on', async () => {
    const query = await validate({ events: 'FrobnicateQuantumWidgets' })
    expect(query.patterns).toHaveLength(1)
    expect(query.warnings).toEqual([
      expect.stringMatching(/^'FrobnicateQuantumWidgets' is not in the catalog .*allow-unknown-events/)
    ])
  })

  it('warns when a plain name is another service’s while Lambda records its own under a versioned name', async () => {
    const query = await validate({ events: 'GetFunction' })
    expect(query.warnings).toEqual([
      "'GetFunction' matches events of appsync.amazonaws.com, cloudfront.amazonaws.com, mediatailor.amazonaws.com only: lambda.amazonaws.com records its " +
        "GetFunction as 'GetFunction20150331v2'."
    ])
  })

  it('warns, never refuses, a name the catalog knows under another service than the one given', async () => {
    const query = await validate({ events: 's3:TerminateInstances, lambda:GetFunction' })
    expect(query.patterns.map(p => p.text)).toEqual(['s3:TerminateInstances', 'lambda:GetFunction'])
    expect(query.warnings).toEqual([
      expect.stringMatching(
        /^'s3:TerminateInstances': the catalog .* knows TerminateInstances under ec2\.amazonaws\.com, not under s3\.amazonaws\.com; check the service/
      ),
      expect.stringMatching(/lambda\.amazonaws\.com records its GetFunction as 'GetFunction20150331v2'/)
    ])
  })

  it('warns, never refuses, a name AWS documents only as an IAM action (a console-only call)', async () => {
    const query = await validate({ events: 'sso:GetSSOStatus' })
    expect(query.warnings).toEqual([
      expect.stringMatching(/^'sso:GetSSOStatus' is no API operation .* an IAM action of sso/)
    ])
  })

  it('accepts names listed in allow-unknown-events, or every name with true (close misses become warnings)', async () => {
    const listed = await validate({
      events: 'TerminateInstance, BrandNewApi',
      allowUnknownEvents: 'TerminateInstance, BrandNewApi'
    })
    expect(listed.warnings).toEqual([])
    expect(listed.patterns.map(p => p.name)).toEqual(['TerminateInstance', 'BrandNewApi'])
    const all = await validate({ events: 'TerminateInstance', allowUnknownEvents: 'true' })
    expect(all.warnings).toEqual([expect.stringMatching(/did you mean 'TerminateInstances'.*accepted/)])
    await expect(validate({ events: 'TerminateInstance', allowUnknownEvents: 'false' })).rejects.toThrow(
      InputError
    )
  })
})

describe('patterns', () => {
  it('warns about a wildcard that matches no catalog name, or names an unknown service', async () => {
    const query = await validate({ events: 'Terminat*Instancez, nosuchservice:*, ec2:Terminate*' })
    expect(query.warnings).toEqual([
      expect.stringMatching(/^'Terminat\*Instancez' matches no event name/),
      expect.stringMatching(/^'nosuchservice:\*': nosuchservice\.amazonaws\.com is not an event source/)
    ])
  })

  it.each<[Partial<RawQuery>]>([
    [{ events: 'iam:DeleteRole', includeGlobalEvents: false }],
    [{ events: 'DeleteRole', includeGlobalEvents: false }],
    [{ events: 'iam:*', includeGlobalEvents: false }],
    [{ events: 'signin:ConsoleLogin', includeGlobalEvents: 'false' }]
  ])('a global-service pattern with no us-east-1 scanned is an input error: %j', async raw => {
    const error = await problem(raw)
    expect(error.message).toMatch(
      /can only match events of (iam|signin)\.amazonaws\.com, a global service .* us-east-1 only, .*eu-west-2 with global events turned off \(include-global-events\): it can never match\. Add us-east-1 to region, or turn global events back on\./
    )
  })

  it('lets an STS name through anywhere: a call to a Regional STS endpoint is recorded in that Region', async () => {
    await expect(
      validate({ events: 'GetCallerIdentity, sts:AssumeRole', includeGlobalEvents: false })
    ).resolves.toBeDefined()
  })

  it('lets a global-service pattern through when us-east-1 is read', async () => {
    await expect(validate({ events: 'iam:DeleteRole' })).resolves.toBeDefined()
    await expect(
      validate({ events: 'iam:DeleteRole', region: 'eu-west-2,us-east-1', includeGlobalEvents: false })
    ).resolves.toBeDefined()
    // Delete* can match regional events too.
    await expect(validate({ events: 'Delete*', includeGlobalEvents: false })).resolves.toBeDefined()
  })
})

describe("the plan skips us-east-1 only on the query's word, never the catalog's", () => {
  const tasks = async (raw: Partial<RawQuery>) =>
    planLookups(await validate(raw)).lanes.map(l => `${l.region}${l.globalOnly ? ' global' : ''}`)

  it('skips us-east-1 when every pattern names a regional service', async () => {
    expect(await tasks({ events: 'ec2:TerminateInstances, s3:DeleteBucket' })).toEqual(['eu-west-2'])
  })
  it('keeps it for names the catalog calls regional: the judge counts a global-service event of that name', async () => {
    expect(await tasks({ events: 'TerminateInstances, DeleteBucket' })).toEqual([
      'eu-west-2',
      'us-east-1 global'
    ])
  })
  it('keeps it for a global name, a wildcard, or a name the catalog does not know', async () => {
    expect(await tasks({ events: 'TerminateInstances, DeleteRole' })).toEqual([
      'eu-west-2',
      'us-east-1 global'
    ])
    expect(await tasks({ events: 'TerminateInstances, Delete*' })).toEqual(['eu-west-2', 'us-east-1 global'])
    expect(await tasks({ events: 'BrandNewApi', allowUnknownEvents: 'BrandNewApi' })).toEqual([
      'eu-west-2',
      'us-east-1 global'
    ])
  })
})

describe('nearness', () => {
  it('counts slips, transpositions included, and gives up past the limit', () => {
    expect(editDistance('TerminateInstances', 'TerminateInstance', 2)).toBe(1)
    expect(editDistance('TermianteInstances', 'TerminateInstances', 2)).toBe(1)
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
    expect(slipDistance('deletebucket', 'DeleteBucket')).toBe(0)
    expect(slipDistance('Scan', 'Scar')).toBeUndefined()
    expect(slipDistance('DeleteBucket', 'DeleteBucket')).toBeUndefined()
  })

  it('parses allow-unknown-events', () => {
    expect(parseAllowUnknown(undefined)).toEqual({ all: false, names: new Set() })
    expect(parseAllowUnknown('TRUE')).toEqual({ all: true, names: new Set() })
    expect(parseAllowUnknown(true)).toEqual({ all: true, names: new Set() })
    expect(parseAllowUnknown('A, b\nC')).toEqual({ all: false, names: new Set(['A', 'b', 'C']) })
  })

  it('loads the catalog once', async () => {
    expect(await loadCatalog()).toBe(await loadCatalog())
    expect((await loadCatalog()).sourcesOf('ConsoleLogin')).toEqual(['signin.amazonaws.com'])
  })
})
