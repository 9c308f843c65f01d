// The sample data set: a few hundred events over the last 30 days in account 123456789012, in eu-west-2
// and us-east-1, generated from a fixed seed so every run (and every `now`) yields the same events at the
// same offsets from `now`.
//
// Traps it contains on purpose (the names below are exported):
// - `alice` is both an IAM user (ec2, s3, lambda, kms, cloudformation in eu-west-2, ec2 in us-east-1, iam in
//   us-east-1; no Delete* event at all) and a session of role `admin` named `alice` (DeleteBucket in
//   eu-west-2, DeleteRole in us-east-1). A lookup by Username `alice` returns both principals.
// - `deploy-bot` (IAM user) has 140 events in eu-west-2, so a lookup needs 3 pages of 50: exactly
//   2 TerminateInstances and 1 DeleteBucket. Five events fall in the last hour before `now`, one of them
//   a TerminateInstances, so a window that stops before "today" misses it. Two events share one second.
//   Its forbidden events carry injection attempts as resource names: INJECTION_HTML (DeleteBucket),
//   INJECTION_MARKDOWN (the recent TerminateInstances), INJECTION_COMMAND (the older TerminateInstances).
//   It also has 12 iam/sts events in us-east-1.
// - `GitHubActions` is the session name of two roles: `deploy-prod` (DeleteStack in eu-west-2, PutRolePolicy
//   in us-east-1, one DeleteBucket denied with errorCode AccessDenied) and `readonly-audit` (reads only).
// - `root` signs in to the console once (ConsoleLogin, signin.amazonaws.com, us-east-1).
// - `bob` terminates instances (3 TerminateInstances), which must never count for alice or deploy-bot.
// - Events older than 90 days (deploy-bot TerminateInstances and DeleteBucket, bob, root): never returned.
import { isGlobalSource, resourcesFor, sourceOf } from './catalog.js'
import { seededRandom, uuidFrom } from './ids.js'
import { iamUser, makeRecord, roleSession, root, type EmulatorRecord, type Principal } from './records.js'
import type { RecordSpec } from './records.js'

export const SAMPLE_ACCOUNT = '123456789012'
export const SAMPLE_REGION = 'eu-west-2'
export const GLOBAL_REGION = 'us-east-1'
export const ALICE = 'alice'
export const ADMIN_ROLE = 'admin'
export const DEPLOY_BOT = 'deploy-bot'
export const GITHUB_SESSION = 'GitHubActions'
export const DEPLOY_PROD_ROLE = 'deploy-prod'
export const READONLY_AUDIT_ROLE = 'readonly-audit'
export const BOB = 'bob'
export const INJECTION_HTML = '</td><script>alert("xss")</script>'
export const INJECTION_MARKDOWN = '| pipes | and **markdown**'
export const INJECTION_COMMAND = 'i-0badc0ffee\n::set-output name=found::false'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const SEED = 20240101

interface Builder {
  now: number
  random: () => number
  records: EmulatorRecord[]
}

type Extra = Partial<Omit<RecordSpec, 'principal' | 'eventName' | 'time'>>

function add(b: Builder, principal: Principal, eventName: string, ageMs: number, extra: Extra = {}): void {
  const source = sourceOf(eventName)
  b.records.push(
    makeRecord({
      principal,
      eventName,
      source,
      region: isGlobalSource(source) ? GLOBAL_REGION : SAMPLE_REGION,
      time: b.now - ageMs,
      resources: resourcesFor(eventName, b.random),
      eventId: uuidFrom(b.random),
      ...extra
    })
  )
}

/** Adds `count` events per name at random ages between one hour and 30 days. */
function scatter(b: Builder, principal: Principal, counts: Record<string, number>, extra: Extra = {}): void {
  for (const [name, count] of Object.entries(counts)) {
    for (let i = 0; i < count; i++) add(b, principal, name, HOUR + Math.floor(b.random() * 29 * DAY), extra)
  }
}

function alice(b: Builder): void {
  const user = iamUser(SAMPLE_ACCOUNT, ALICE)
  scatter(b, user, { DescribeInstances: 4, RunInstances: 2, StopInstances: 1, DescribeSecurityGroups: 1 })
  scatter(b, user, { ListBuckets: 2, GetBucketAcl: 2, CreateBucket: 1, PutBucketPolicy: 1 })
  scatter(b, user, { ListFunctions20150331: 2, GetFunction20150331v2: 2, CreateFunction20150331: 1 })
  scatter(b, user, {
    UpdateFunctionCode20150331v2: 1,
    DescribeKey: 2,
    ListAliases: 1,
    CreateKey: 1,
    Decrypt: 1
  })
  scatter(b, user, { DescribeStacks: 3, CreateStack: 1, UpdateStack: 2 })
  scatter(b, user, { GetUser: 2, ListRoles: 2, CreateAccessKey: 1, AttachUserPolicy: 1 })
  scatter(b, user, { DescribeInstances: 3 }, { region: GLOBAL_REGION })
  const session = roleSession(SAMPLE_ACCOUNT, ADMIN_ROLE, ALICE)
  scatter(b, session, { DescribeInstances: 4, ListBuckets: 3, DescribeStacks: 3, DeleteBucket: 1 })
  scatter(b, session, { ListRoles: 2, GetRole: 1, DeleteRole: 1 })
}

function deployBot(b: Builder): void {
  const bot = iamUser(SAMPLE_ACCOUNT, DEPLOY_BOT)
  scatter(b, bot, { DescribeStacks: 30, DescribeStackEvents: 20, UpdateStack: 12, DescribeInstances: 20 })
  scatter(b, bot, {
    RunInstances: 6,
    CreateTags: 8,
    GetFunction20150331v2: 10,
    UpdateFunctionCode20150331v2: 10
  })
  scatter(b, bot, { GetBucketPolicy: 6, PutBucketPolicy: 3, Decrypt: 6 })
  // The last hour: a scan whose window ends at midnight, or rounds `now` down, misses these.
  add(b, bot, 'DescribeStacks', 5 * MINUTE)
  const instance = { type: 'AWS::EC2::Instance', name: 'i-0f1e2d3c4b5a69788' }
  const markdown = { type: 'AWS::EC2::Instance', name: INJECTION_MARKDOWN }
  add(b, bot, 'TerminateInstances', 12 * MINUTE, { resources: [instance, markdown] })
  add(b, bot, 'UpdateStack', 25 * MINUTE)
  add(b, bot, 'DescribeStackEvents', 40 * MINUTE)
  add(b, bot, 'CreateTags', 55 * MINUTE)
  // Two events in the same second: the order must still be stable (ties broken by EventId).
  add(b, bot, 'DescribeStacks', 2 * DAY)
  add(b, bot, 'UpdateStack', 2 * DAY)
  add(b, bot, 'TerminateInstances', 6 * DAY + 3 * HOUR, {
    resources: [{ type: 'AWS::EC2::Instance', name: INJECTION_COMMAND }]
  })
  add(b, bot, 'DeleteBucket', 3 * DAY + 7 * HOUR, {
    resources: [{ type: 'AWS::S3::Bucket', name: INJECTION_HTML }]
  })
  scatter(b, bot, { GetRole: 6, GetCallerIdentity: 6 })
}

function gitHubActions(b: Builder): void {
  const prod = roleSession(SAMPLE_ACCOUNT, DEPLOY_PROD_ROLE, GITHUB_SESSION)
  scatter(b, prod, { CreateStack: 2, UpdateStack: 4, DescribeStacks: 6, DeleteStack: 1 })
  scatter(b, prod, { GetRole: 3, PutRolePolicy: 1, GetCallerIdentity: 2 })
  scatter(b, prod, { DeleteBucket: 1 }, { errorCode: 'AccessDenied', errorMessage: 'Access Denied' })
  const audit = roleSession(SAMPLE_ACCOUNT, READONLY_AUDIT_ROLE, GITHUB_SESSION)
  scatter(b, audit, { DescribeInstances: 3, ListBuckets: 3, GetBucketPolicy: 2, DescribeStacks: 3 })
  scatter(b, audit, { ListFunctions20150331: 2, DescribeKey: 2 })
  scatter(b, audit, { ListRoles: 3, ListUsers: 3, GetAccountAuthorizationDetails: 1, GetCallerIdentity: 3 })
}

function others(b: Builder): void {
  const rootUser = root(SAMPLE_ACCOUNT)
  add(b, rootUser, 'ConsoleLogin', 4 * DAY + 2 * HOUR, { readOnly: false })
  add(b, rootUser, 'GetAccountSummary', 4 * DAY + HOUR)
  const bob = iamUser(SAMPLE_ACCOUNT, BOB)
  scatter(b, bob, {
    DescribeInstances: 8,
    RunInstances: 3,
    TerminateInstances: 3,
    ListBuckets: 4,
    GetUser: 2
  })
}

function expired(b: Builder): void {
  const bot = iamUser(SAMPLE_ACCOUNT, DEPLOY_BOT)
  add(b, bot, 'TerminateInstances', 91 * DAY)
  add(b, bot, 'DeleteBucket', 120 * DAY)
  add(b, iamUser(SAMPLE_ACCOUNT, BOB), 'TerminateInstances', 200 * DAY)
  add(b, root(SAMPLE_ACCOUNT), 'ConsoleLogin', 100 * DAY, { readOnly: false })
}

/** The deterministic sample data set, relative to `now` (see the list of traps at the top). */
export function sampleDataset(now: Date): EmulatorRecord[] {
  const b: Builder = { now: now.getTime(), random: seededRandom(SEED), records: [] }
  alice(b)
  deployBot(b)
  gitHubActions(b)
  others(b)
  expired(b)
  return b.records
}
