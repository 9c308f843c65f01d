import { describe, expect, it } from '@jest/globals'
import {
  RULE_EVENT_NAMES,
  RULE_REPOSITORIES,
  TYPOS_IN_RULES
} from '../__fixtures__/detection-rule-event-names.js'
import { parsePattern } from '../src/core/patterns.js'
import { loadCatalog } from '../src/query/catalog/catalog.js'
import { checkPatterns } from '../src/query/catalog/check.js'

// Issue 19: real event names were refused as typos ("did you mean AssumeRole" for AssumeRoot). Every name that
// independently written detection rules match on (cited line by line in the fixture) must pass the catalog check
// (a warning at worst), and the true typos must be refused with the right suggestion.

const NONE = { all: false, names: new Set<string>() }

async function errorsFor(text: string): Promise<string[]> {
  const pattern = parsePattern(text)
  if (!pattern) throw new Error(`not a pattern: ${text}`)
  return checkPatterns([pattern], await loadCatalog(), NONE).errors
}

/** `['sigma rules/…yml', 'sts:AssumeRoot']` per name, and the bare name of each qualified one too. */
function corpus(): Array<[string, string]> {
  const rows: Array<[string, string]> = []
  for (const line of RULE_EVENT_NAMES.split('\n').filter(l => l !== '')) {
    const [repo = '', path = '', ...names] = line.split(' ')
    const where = `${RULE_REPOSITORIES[repo as keyof typeof RULE_REPOSITORIES]} ${path}`
    for (const name of names) {
      rows.push([where, name])
      if (name.includes(':')) rows.push([where, name.split(':')[1] ?? name])
    }
  }
  return rows
}

describe('event names of public detection rules', () => {
  const rows = corpus()

  it('holds the rules of every cited repository', () => {
    expect(rows.length).toBeGreaterThan(1700)
    for (const repo of Object.values(RULE_REPOSITORIES)) {
      expect(rows.some(([where]) => where.startsWith(repo))).toBe(true)
    }
  })

  it('refuses none of them', async () => {
    const refused: string[] = []
    for (const [where, name] of rows) {
      for (const error of await errorsFor(name)) refused.push(`${where}: ${error}`)
    }
    expect(refused).toEqual([])
  })

  it.each(TYPOS_IN_RULES.map(([rule, typed, suggestion]) => [typed, suggestion, rule]))(
    'refuses %s with the suggestion %s (%s)',
    async (typed, suggestion) => {
      const errors = await errorsFor(typed)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(`did you mean '${suggestion}'`)
    }
  )
})

describe('the names of issue 19', () => {
  it.each([
    'AssumeRoot',
    'sts:AssumeRoot',
    'cloudshell.amazonaws.com:CreateEnvironment',
    'servicecatalog-appregistry.amazonaws.com:ListApplications',
    'rds.amazonaws.com:DescribeRecommendations',
    'kms:RotateKey',
    'PasswordUpdated',
    'bedrock:PutFoundationModelEntitlement',
    'ssm:RegisterManagedInstance',
    'sso:AssociateDirectory'
  ])('%s is not refused', async text => {
    expect(await errorsFor(text)).toEqual([])
  })

  it.each<[string, string]>([
    ['AssumeRolle', 'AssumeRole'],
    ['sts:AssumRoot', 'AssumeRoot'],
    ['ConsoleLogon', 'ConsoleLogin'],
    ['cloudshell:CreateEnviroment', 'CreateEnvironment'],
    ['TerminateInstance', 'TerminateInstances'],
    ['DeletTrail', 'DeleteTrail'], // DeleteTrial is real: SageMaker's,
    ['PutBucketPolcy', 'PutBucketPolicy'],
    ['UpdateFunctionCode', 'UpdateFunctionCode20150331v2'],
    ['createuser', 'CreateUser'],
    ['StopLoging', 'StopLogging']
  ])('the typo %s is refused with the suggestion %s', async (typed, suggestion) => {
    const errors = await errorsFor(typed)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain(`did you mean '${suggestion}'`)
  })
})
