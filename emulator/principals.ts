// Who made a call: the three principal kinds the sample data uses, with AWS-shaped ids derived from
// their names so the same principal always has the same principalId and access key.
import { awsId, digest } from './ids.js'

export interface IamUserPrincipal {
  type: 'IAMUser'
  account: string
  userName: string
  principalId: string
  arn: string
  accessKeyId: string
}

export interface RoleSessionPrincipal {
  type: 'AssumedRole'
  account: string
  roleName: string
  sessionName: string
  roleId: string
  roleArn: string
  principalId: string
  arn: string
  accessKeyId: string
}

export interface RootPrincipal {
  type: 'Root'
  account: string
  principalId: string
  arn: string
  accessKeyId: string
}

export type Principal = IamUserPrincipal | RoleSessionPrincipal | RootPrincipal

export function iamUser(account: string, name: string): IamUserPrincipal {
  const h = digest('user', account, name)
  return {
    type: 'IAMUser',
    account,
    userName: name,
    principalId: awsId('AIDA', h, 17),
    arn: `arn:aws:iam::${account}:user/${name}`,
    accessKeyId: awsId('AKIA', digest('key', h))
  }
}

export function roleSession(account: string, roleName: string, sessionName: string): RoleSessionPrincipal {
  const roleId = awsId('AROA', digest('role', account, roleName), 17)
  return {
    type: 'AssumedRole',
    account,
    roleName,
    sessionName,
    roleId,
    roleArn: `arn:aws:iam::${account}:role/${roleName}`,
    principalId: `${roleId}:${sessionName}`,
    arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`,
    accessKeyId: awsId('ASIA', digest('session', account, roleName, sessionName))
  }
}

export function root(account: string): RootPrincipal {
  return {
    type: 'Root',
    account,
    principalId: account,
    arn: `arn:aws:iam::${account}:root`,
    accessKeyId: awsId('ASIA', digest('root', account))
  }
}

/** The LookupEvents `Username` CloudTrail derives from a principal. */
export function lookupUsername(principal: Principal): string {
  if (principal.type === 'IAMUser') return principal.userName
  if (principal.type === 'AssumedRole') return principal.sessionName
  return 'root'
}
