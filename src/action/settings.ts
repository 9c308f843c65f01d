import { fromAlias } from '../query/aliases.js'
import { INPUTS } from '../core/constants.js'
import { parseRoleSettings, type RoleSettings } from '../aws/credentials.js'
import { parseCommentSettings, type CommentSettings } from './github/pull-request.js'
import { parseBoolean, validateQuery } from '../query/inputs.js'
import { ACTION_NAMES, type InputNames } from '../query/names.js'
import type { Query } from '../types.js'

/** Everything the action was asked, parsed once: the query for the core, and the action's own settings. */
export interface ActionSettings {
  readonly query: Query
  readonly failOnForbidden: boolean
  /** Fail the step when the scan found no event of the identity at all (a misspelled user, most often). */
  readonly failOnNoEvents: boolean
  /** Undefined: use the ambient credentials (for example from aws-actions/configure-aws-credentials). */
  readonly role: RoleSettings | undefined
  /** The pull-request comment: when to post it, and the token that may. */
  readonly comment: CommentSettings
}

/** The action's input names, with the spelling the workflow used where an input has two (`created-after`). */
function actionNames(getInput: (name: string) => string): InputNames {
  const aliased = (primary: string, alias: string): boolean =>
    getInput(primary).trim() === '' && getInput(alias).trim() !== ''
  return key => {
    if (key === 'createdAfter' && aliased(INPUTS.createdAfter, INPUTS.createdAfterAlias))
      return INPUTS.createdAfterAlias
    if (key === 'createdBefore' && aliased(INPUTS.createdBefore, INPUTS.createdBeforeAlias))
      return INPUTS.createdBeforeAlias
    return ACTION_NAMES(key)
  }
}

/** Reads and validates every input. Throws InputError on the first bad one, before any AWS call. */
export async function readSettings(
  getInput: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
  now: Date
): Promise<ActionSettings> {
  const query = await validateQuery(
    {
      user: getInput(INPUTS.user),
      events: getInput(INPUTS.events),
      createdAfter: fromAlias(
        { name: INPUTS.createdAfter, value: getInput(INPUTS.createdAfter) },
        { name: INPUTS.createdAfterAlias, value: getInput(INPUTS.createdAfterAlias) }
      ),
      createdBefore: fromAlias(
        { name: INPUTS.createdBefore, value: getInput(INPUTS.createdBefore) },
        { name: INPUTS.createdBeforeAlias, value: getInput(INPUTS.createdBeforeAlias) }
      ),
      region: getInput(INPUTS.region),
      includeGlobalEvents: getInput(INPUTS.includeGlobalEvents),
      ignoreDenied: getInput(INPUTS.ignoreDenied),
      requestsPerSecond: getInput(INPUTS.requestsPerSecond),
      timeoutMinutes: getInput(INPUTS.timeoutMinutes),
      allowUnknownEvents: getInput(INPUTS.allowUnknownEvents),
      source: getInput(INPUTS.source),
      athenaTable: getInput(INPUTS.athenaTable),
      athenaWorkgroup: getInput(INPUTS.athenaWorkgroup),
      athenaOutputLocation: getInput(INPUTS.athenaOutputLocation),
      athenaCatalog: getInput(INPUTS.athenaCatalog),
      athenaMaxBytesScanned: getInput(INPUTS.athenaMaxBytesScanned),
      athenaAcceptTrailGaps: getInput(INPUTS.athenaAcceptTrailGaps),
      waitForDelivery: getInput(INPUTS.waitForDelivery),
      deliveryTimeoutMinutes: getInput(INPUTS.deliveryTimeoutMinutes),
      ignoreReadOnly: getInput(INPUTS.ignoreReadOnly),
      allowedEvents: getInput(INPUTS.allowedEvents),
      approvedEvents: getInput(INPUTS.approvedEvents),
      accounts: getInput(INPUTS.accounts),
      accountRole: getInput(INPUTS.accountRole),
      maxConcurrentAccounts: getInput(INPUTS.maxConcurrentAccounts)
    },
    { now, env, names: actionNames(getInput) }
  )
  const role = parseRoleSettings(
    {
      roleToAssume: getInput(INPUTS.roleToAssume),
      sessionName: getInput(INPUTS.roleSessionName),
      durationSeconds: getInput(INPUTS.roleDurationSeconds),
      audience: getInput(INPUTS.audience)
    },
    env
  )
  return {
    query,
    failOnForbidden: parseBoolean(INPUTS.failOnForbidden, getInput(INPUTS.failOnForbidden), true),
    // A gate whose subject never appears is almost always misconfigured: failing is the safe default.
    failOnNoEvents: parseBoolean(INPUTS.failOnNoEvents, getInput(INPUTS.failOnNoEvents), true),
    role,
    comment: parseCommentSettings(getInput)
  }
}
