import { GLOBAL_EVENT_SOURCES, GLOBAL_REGION } from './constants.js'
import { patternMayBeGlobal } from './catalog/global.js'
import { describeIdentity } from './identity.js'
import type { LookupTask, Plan, Query } from './types.js'

type Attribute = LookupTask['attribute']

/**
 * The lookup attributes that find the identity's events. LookupEvents takes one attribute a call and cannot
 * filter by role, so a role ARN is looked up by the forbidden names (or their services) when that is
 * possible, and by a full scan of the Region otherwise; every plan is filtered client-side by identity.
 */
function attributesFor(query: Query): { attributes: Attribute[]; strategy: string } {
  const { identity, patterns } = query
  switch (identity.kind) {
    case 'name':
      return {
        attributes: [{ key: 'Username', value: identity.name }],
        strategy: `One Username lookup for "${identity.name}" per Region; event names are matched client-side.`
      }
    case 'iam-user':
      return {
        attributes: [{ key: 'Username', value: identity.name }],
        strategy:
          `Username lookup for "${identity.name}", keeping only events made by the IAM user ${identity.arn} ` +
          '(role sessions that share the name are left out).'
      }
    case 'role-session':
      return {
        attributes: [{ key: 'Username', value: identity.session }],
        strategy:
          `Username lookup for the session name "${identity.session}", keeping only sessions of role ` +
          `${identity.role} in account ${identity.account}.`
      }
    case 'role': {
      const targeted = patterns.length > 0 && patterns.every(p => p.exact || p.source !== undefined)
      if (!targeted) {
        return {
          attributes: [undefined],
          strategy:
            `LookupEvents cannot filter by role, and ${patterns.length === 0 ? 'no events were named' : 'a pattern names no service'}, ` +
            `so every management event in each Region is scanned and kept when its session issuer is role ` +
            `${identity.role}. Name exact events (or service-qualified patterns) to make this much cheaper.`
        }
      }
      const attributes = patterns.map<Attribute>(p =>
        p.exact ? { key: 'EventName', value: p.name } : { key: 'EventSource', value: p.source ?? '' }
      )
      const unique = [...new Map(attributes.map(a => [`${a?.key}=${a?.value}`, a])).values()]
      return {
        attributes: unique,
        strategy:
          `LookupEvents cannot filter by role, so ${unique.length} lookup(s) by EventName/EventSource per Region ` +
          `(one per forbidden name or service), keeping events whose session issuer is role ${identity.role}.`
      }
    }
  }
}

/** Whether an attribute can ever return a global-service event (so the us-east-1 extra scan is worth it). */
function mayBeGlobal(query: Query, attribute: Attribute): boolean {
  if (attribute?.key === 'EventSource') return GLOBAL_EVENT_SOURCES.has(attribute.value)
  // A list whose every pattern names a regional service, or is a name the catalog knows only under regional
  // services (TerminateInstances), can never match a global event.
  return !(query.patterns.length > 0 && query.patterns.every(p => !patternMayBeGlobal(p)))
}

/** Which LookupEvents scans answer the query, and one sentence saying why. */
export function planLookups(query: Query): Plan {
  const { attributes, strategy } = attributesFor(query)
  const tasks: LookupTask[] = query.regions.flatMap(region =>
    attributes.map(attribute => ({ region, attribute, globalOnly: false }))
  )
  const sentences = [strategy]
  if (query.includeGlobalEvents && !query.regions.includes(GLOBAL_REGION)) {
    const global = attributes.filter(attribute => mayBeGlobal(query, attribute))
    tasks.push(...global.map(attribute => ({ region: GLOBAL_REGION, attribute, globalOnly: true })))
    sentences.push(
      global.length > 0
        ? `Global-service events (IAM, STS, sign-in…) are recorded only in ${GLOBAL_REGION}, so it is looked up too, for those events only.`
        : `No pattern can match a global-service event, so ${GLOBAL_REGION} is not looked up.`
    )
  }
  return { tasks, strategy: `${describeIdentity(query.identity)}: ${sentences.join(' ')}` }
}
