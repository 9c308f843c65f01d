// AWS Organizations ListAccounts, as @aws-sdk/client-organizations sends it: AWS JSON 1.1, X-Amz-Target
// `AWSOrganizationsV20161128.ListAccounts`, body `{ MaxResults?, NextToken? }`, answered with
// `{ Accounts: [{ Id, Arn, Email, Name, Status, State, JoinedMethod, JoinedTimestamp }], NextToken? }`.
// Organizations is a global service, signed for us-east-1; the SDK reaches the emulator with
// `endpoint` or AWS_ENDPOINT_URL_ORGANIZATIONS.
//
// The organization is the emulator's accounts (accounts.ts), base account first, in the order given. Only the
// management account (default: the base account) and delegated administrators may list them; an emulator
// started without `accounts` or `organization` is in no organization (AWSOrganizationsNotInUseException).
// A page holds at most `pageSize` accounts whatever MaxResults asks, as AWS may return fewer than asked, so a
// test can force many pages. NextToken is the next offset, signed so a garbled token is refused.
// Calls are recorded as CloudTrail events of the caller in the caller's account.
//
// Knowingly different from AWS: the State and Status of an account never change; there is no request rate
// limit; `Paths` is left out.
import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { BASE_ACCOUNT, type Account, type Accounts } from './accounts.js'
import type { Delivery } from './delivery.js'
import { AwsError, send, sendJsonError } from './http.js'
import { digest } from './ids.js'
import { checkKey, signerOf } from './sigv4.js'
import type { StsService } from './sts.js'

export interface OrganizationOptions {
  /** The account that owns the organization; default the base account (123456789012). */
  managementAccount?: string
  /** Other accounts allowed to call ListAccounts. */
  delegatedAdministrators?: string[]
  /** Most accounts one page holds, whatever MaxResults asks (1 to 20); default 20. */
  pageSize?: number
  /**
   * Which of an account's two status members to send: both (AWS today), only `Status` (older answers), or
   * only `State` (once AWS retires `Status` on 2026-09-09). Default both.
   */
  statusMembers?: 'both' | 'Status' | 'State'
}

export interface OrganizationsStats {
  /** ListAccounts calls answered with a page. */
  listAccounts: number
  /** ListAccounts calls refused (not in use, access denied, invalid input), after authentication. */
  refused: number
}

const TARGET_PREFIX = 'AWSOrganizationsV20161128.'
const MAX_RESULTS = 20
// A fixed date, so every run lists the same JoinedTimestamp; each account joined a day after the one before.
const FIRST_JOINED_S = Date.UTC(2021, 2, 1) / 1000

export function isOrganizationsTarget(target: string): boolean {
  return target.startsWith(TARGET_PREFIX)
}

function invalidInput(reason: string, message: string): AwsError {
  return new AwsError(400, 'InvalidInputException', message, { Reason: reason })
}

export class OrganizationsService {
  readonly stats: OrganizationsStats = { listAccounts: 0, refused: 0 }
  private readonly secret = randomBytes(32)
  private readonly management: string
  private readonly admins: ReadonlySet<string>
  private readonly organizationId: string

  constructor(
    private readonly deps: { accounts: Accounts; sts: StsService; delivery: Delivery },
    /** Undefined: the emulator is in no organization. */
    private readonly options: OrganizationOptions | undefined
  ) {
    this.management = options?.managementAccount ?? BASE_ACCOUNT
    this.admins = new Set([this.management, ...(options?.delegatedAdministrators ?? [])])
    this.organizationId = `o-${digest('organization', this.management).slice(0, 10)}`
    for (const id of this.admins) {
      if (!/^\d{12}$/.test(id))
        throw new Error(`organization: ${JSON.stringify(id)} is not a 12-digit account id`)
    }
    const size = options?.pageSize
    if (size !== undefined && !(Number.isInteger(size) && size >= 1 && size <= MAX_RESULTS)) {
      throw new Error(`organization.pageSize must be an integer from 1 to ${MAX_RESULTS}, got ${size}`)
    }
  }

  handle(res: ServerResponse, target: string, authorization: string | undefined, body: string): void {
    const requestId = randomUUID()
    const operation = target.slice(TARGET_PREFIX.length)
    let recorded: ((error?: AwsError) => void) | undefined
    try {
      if (operation !== 'ListAccounts') {
        throw new AwsError(400, 'UnknownOperationException', `Operation ${target} is not emulated`)
      }
      const { accessKeyId, region } = signerOf(authorization, 'organizations')
      checkKey(this.deps.sts, accessKeyId)
      const principal = this.deps.sts.principalOf(accessKeyId)
      recorded = error =>
        this.deps.delivery.record({
          principal,
          accessKeyId,
          region,
          eventName: operation,
          source: 'organizations',
          requestId,
          ...(error !== undefined && { errorCode: error.code, errorMessage: error.message })
        })
      const page = this.listAccounts(principal.account, parseJson(body))
      this.stats.listAccounts += 1
      send(res, 200, 'application/x-amz-json-1.1', JSON.stringify(page), { 'x-amzn-RequestId': requestId })
      recorded()
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      sendJsonError(res, error, requestId)
      if (recorded === undefined) return
      this.stats.refused += 1
      recorded(error)
    }
  }

  private listAccounts(caller: string, input: Record<string, unknown>): object {
    if (this.options === undefined) {
      throw new AwsError(
        404,
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.'
      )
    }
    if (!this.admins.has(caller)) {
      throw new AwsError(403, 'AccessDeniedException', "You don't have permissions to access this resource.")
    }
    const maxResults = parseMaxResults(input['MaxResults'])
    const token = input['NextToken']
    const from = token === undefined ? 0 : this.offsetOf(token)
    const size = Math.min(maxResults ?? MAX_RESULTS, this.options.pageSize ?? MAX_RESULTS)
    const members = this.deps.accounts.members()
    const next = from + size
    return {
      Accounts: members.slice(from, next).map((a, i) => this.describe(a, from + i)),
      ...(next < members.length && { NextToken: this.tokenOf(next) })
    }
  }

  private describe(account: Account, index: number): object {
    const members = this.options?.statusMembers ?? 'both'
    return {
      Id: account.id,
      Arn: `arn:aws:organizations::${this.management}:account/${this.organizationId}/${account.id}`,
      Email: account.email,
      Name: account.name,
      ...(members !== 'State' && { Status: account.state }),
      ...(members !== 'Status' && { State: account.state }),
      JoinedMethod: account.id === this.management ? 'INVITED' : 'CREATED',
      JoinedTimestamp: FIRST_JOINED_S + index * 86_400
    }
  }

  private tokenOf(offset: number): string {
    return `${offset}.${this.sign(offset)}`
  }

  private offsetOf(token: unknown): number {
    const [offset = '', signature, extra] = typeof token === 'string' ? token.split('.') : []
    if (extra !== undefined || !/^\d{1,6}$/.test(offset) || signature !== this.sign(Number(offset))) {
      throw invalidInput('INVALID_PAGINATION_TOKEN', 'The NextToken is not valid.')
    }
    return Number(offset)
  }

  private sign(offset: number): string {
    return createHmac('sha256', this.secret).update(String(offset)).digest('base64url').slice(0, 22)
  }
}

function parseMaxResults(value: unknown): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidInput('INVALID_INPUT', 'MaxResults must be an integer.')
  }
  if (value < 1 || value > MAX_RESULTS) {
    const reason = value < 1 ? 'MIN_VALUE_EXCEEDED' : 'MAX_VALUE_EXCEEDED'
    throw invalidInput(reason, `MaxResults must be from 1 to ${MAX_RESULTS}.`)
  }
  return value
}

function parseJson(body: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(body === '' ? '{}' : body)
  } catch {
    throw new AwsError(400, 'SerializationException', 'Request body is not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError(400, 'SerializationException', 'Request body must be a JSON object')
  }
  return parsed as Record<string, unknown>
}
