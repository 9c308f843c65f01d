// What the sample events touch: the resource an event name acts on, and pools of plausible names.
// Kept apart from sample.ts so the data set reads as a list of scenarios, not of string tables.
import { flat, pick } from './ids.js'

export interface ResourceRef {
  type: string
  name: string
}

const TYPE_OF_EVENT: Readonly<Record<string, string>> = {
  RunInstances: 'AWS::EC2::Instance',
  StartInstances: 'AWS::EC2::Instance',
  StopInstances: 'AWS::EC2::Instance',
  TerminateInstances: 'AWS::EC2::Instance',
  CreateTags: 'AWS::EC2::Instance',
  CreateBucket: 'AWS::S3::Bucket',
  DeleteBucket: 'AWS::S3::Bucket',
  GetBucketAcl: 'AWS::S3::Bucket',
  GetBucketPolicy: 'AWS::S3::Bucket',
  PutBucketPolicy: 'AWS::S3::Bucket',
  CreateFunction20150331: 'AWS::Lambda::Function',
  GetFunction20150331v2: 'AWS::Lambda::Function',
  UpdateFunctionCode20150331v2: 'AWS::Lambda::Function',
  CreateKey: 'AWS::KMS::Key',
  DescribeKey: 'AWS::KMS::Key',
  Decrypt: 'AWS::KMS::Key',
  CreateStack: 'AWS::CloudFormation::Stack',
  DeleteStack: 'AWS::CloudFormation::Stack',
  DescribeStackEvents: 'AWS::CloudFormation::Stack',
  DescribeStacks: 'AWS::CloudFormation::Stack',
  UpdateStack: 'AWS::CloudFormation::Stack',
  AttachRolePolicy: 'AWS::IAM::Role',
  DeleteRole: 'AWS::IAM::Role',
  GetRole: 'AWS::IAM::Role',
  PutRolePolicy: 'AWS::IAM::Role',
  AttachUserPolicy: 'AWS::IAM::User',
  CreateAccessKey: 'AWS::IAM::User',
  GetUser: 'AWS::IAM::User'
}

const NAMES: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': [
    'acme-artifacts-eu-west-2',
    'acme-terraform-state',
    'acme-access-logs',
    'acme-web-assets'
  ],
  'AWS::Lambda::Function': ['orders-api', 'thumbnail-worker', 'nightly-report'],
  'AWS::KMS::Key': ['1234abcd-12ab-34cd-56ef-1234567890ab', '0987dcba-09fe-87dc-65ba-ab0987654321'],
  'AWS::CloudFormation::Stack': ['orders-prod', 'network-base', 'observability'],
  'AWS::IAM::Role': ['lambda-exec', 'deploy-prod', 'ecs-task'],
  'AWS::IAM::User': ['alice', 'bob', 'deploy-bot']
}

const SOURCE_OF_TYPE: Readonly<Record<string, string>> = {
  EC2: 'ec2',
  S3: 's3',
  Lambda: 'lambda',
  KMS: 'kms',
  CloudFormation: 'cloudformation',
  IAM: 'iam'
}

function instanceId(random: () => number): string {
  const digits = ['i-']
  for (let i = 0; i < 17; i++) digits.push(Math.floor(random() * 16).toString(16))
  return flat(digits.join(''))
}

/** The resource an event of this name acts on, or none for List/Describe-everything calls. */
export function resourcesFor(eventName: string, random: () => number): ResourceRef[] {
  const type = TYPE_OF_EVENT[eventName]
  if (type === undefined) return []
  if (type === 'AWS::EC2::Instance') return [{ type, name: instanceId(random) }]
  return [{ type, name: pick(random, NAMES[type] ?? ['unnamed']) }]
}

/** Event sources of the names the sample uses, so a scenario lists names only. */
export function sourceOf(eventName: string): string {
  const type = TYPE_OF_EVENT[eventName]
  if (type !== undefined) return SOURCE_OF_TYPE[type.split('::')[1] ?? ''] ?? 'iam'
  if (/Instances$|^CreateTags$|^DescribeSecurityGroups$|^DescribeVpcs$/.test(eventName)) return 'ec2'
  if (/Bucket|^ListBuckets$/.test(eventName)) return 's3'
  if (/20150331/.test(eventName)) return 'lambda'
  if (/^(Decrypt|ListAliases|GenerateDataKey|ListKeys)$/.test(eventName)) return 'kms'
  if (/Stack/.test(eventName)) return 'cloudformation'
  if (/^GetCallerIdentity$|^AssumeRole/.test(eventName)) return 'sts'
  if (eventName === 'ConsoleLogin') return 'signin'
  return 'iam'
}

/** Global services whose events CloudTrail records in us-east-1 only. */
export function isGlobalSource(source: string): boolean {
  return /^(iam|sts|signin)(\.amazonaws\.com)?$/.test(source)
}
