// "No events at all for this identity" said out loud: a gate that read every event of the user and found
// none was most likely given a misspelled user, and a green check on 0 events must not look like a clean one.
// Pure builders: the sentence (for the log annotation, the CLI and the failure) and its summary line.

import { GLOBAL_REGION } from '../core/constants.js'
import type { Identity, ScanResult } from '../types.js'
import { addsGlobalLookup, isoSeconds, regionNames } from './describe.js'
import { cell } from './html.js'

function who(identity: Identity): string {
  switch (identity.kind) {
    case 'name':
      return identity.name
    case 'iam-user':
      return `IAM user ${identity.arn}`
    case 'role':
      return `any session of role ${identity.arn}`
    case 'role-session':
      return `session ${identity.arn}`
    case 'root':
      return `the root user ${identity.arn}`
    case 'federated-user':
      return `federated user ${identity.arn}`
  }
}

function hint(identity: Identity): string {
  switch (identity.kind) {
    case 'name':
      return 'check the name; Username is the IAM user name or the role *session* name (not the role name)'
    case 'role':
      return 'check the account and the role name of the ARN'
    default:
      return 'check the account, the names and the case of the ARN'
  }
}

/** The sentence, or undefined when the identity had events (or the scan could not tell). */
export function noEventsLine(result: ScanResult): string | undefined {
  if (result.noEvents !== true) return undefined
  const { query } = result
  const regions = regionNames(query.regions).join(', ')
  const global = addsGlobalLookup(result) ? ` (and global-service events in ${GLOBAL_REGION})` : ''
  return (
    `No events by ${who(query.identity)} in ${regions}${global} between ${isoSeconds(query.window.start)} ` +
    `and ${isoSeconds(query.window.end)}: ${hint(query.identity)}.`
  )
}

/** The summary's notice for it, escaped (the user input is quoted in it), or '' when there is nothing to say. */
export function noEventsNotice(result: ScanResult): string {
  const line = noEventsLine(result)
  if (line === undefined) return ''
  // The hint's *session* is emphasis, ours: everything else in the line went through cell().
  return `<p><b>⚠️ ${cell(line, 1000).replace('&#42;session&#42;', '<em>session</em>')}</b></p>`
}
