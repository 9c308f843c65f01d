export const id = 503;
export const ids = [503];
export const modules = {

/***/ 2503:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(402);
const { normalizeProvider, getSmithyContext, ServiceException: ServiceException$1, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createAggregatedClient } = __webpack_require__(2658);
const { Command: $Command } = __webpack_require__(2658);
exports.$Command = $Command;
exports.__Client = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(7291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(2085);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(3422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(3609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7523);
const { defaultProvider } = __webpack_require__(5861);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(2430);
const { streamCollector, NodeHttpHandler } = __webpack_require__(1279);
const { AwsJson1_1Protocol } = __webpack_require__(7288);
const { Sha256 } = __webpack_require__(9542);

const defaultOrganizationsHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "organizations",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
const defaultOrganizationsHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "organizations",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1136.0";
var packageInfo = {
	version: version};

const p = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = "stringEquals", h = "sigv4", i = "organizations", j = { [p]: "Endpoint" }, k = { [p]: d }, l = { "fn": f, "argv": [k, "name"] }, m = {}, n = { "authSchemes": [{ "name": h, "signingName": i, "signingRegion": "us-east-1" }] }, o = [{ [p]: "Region" }];
const _data = {
    conditions: [
        [c, [j]],
        [c, o],
        ["aws.partition", o, d],
        [e, [{ [p]: "UseFIPS" }, b]],
        [e, [{ [p]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [k, "supportsDualStack"] }, b]],
        [g, [l, "aws"]],
        [g, [l, "aws-cn"]],
        [g, [l, "aws-us-gov"]],
        [g, [l, "aws-iso"]],
        [e, [{ fn: f, argv: [k, "supportsFIPS"] }, b]],
        [g, [l, "aws-iso-b"]],
        [g, [l, "aws-iso-f"]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [j, m],
        ["https://organizations.us-east-1.amazonaws.com", n],
        ["https://organizations-fips.us-east-1.amazonaws.com", n],
        ["https://organizations.cn-northwest-1.amazonaws.com.cn", { authSchemes: [{ name: h, signingName: i, signingRegion: "cn-northwest-1" }] }],
        ["https://organizations.us-gov-west-1.amazonaws.com", { authSchemes: [{ name: h, signingName: i, signingRegion: "us-gov-west-1" }] }],
        ["https://organizations.us-iso-east-1.c2s.ic.gov", { authSchemes: [{ name: h, signingName: i, signingRegion: "us-iso-east-1" }] }],
        ["https://organizations.us-isob-east-1.sc2s.sgov.gov", { authSchemes: [{ name: h, signingName: i, signingRegion: "us-isob-east-1" }] }],
        ["https://organizations.us-isof-south-1.csp.hci.ic.gov", { authSchemes: [{ name: h, signingName: i, signingRegion: "us-isof-south-1" }] }],
        ["https://organizations-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", m],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://organizations-fips.{Region}.{PartitionResult#dnsSuffix}", m],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://organizations.{Region}.{PartitionResult#dualStackDnsSuffix}", m],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://organizations.{Region}.{PartitionResult#dnsSuffix}", m],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 20, 3,
    1, 4, r + 18,
    2, 5, r + 18,
    3, 14, 6,
    4, 13, 7,
    6, r + 4, 8,
    7, r + 6, 9,
    8, r + 7, 10,
    9, r + 8, 11,
    11, r + 9, 12,
    12, r + 10, r + 17,
    5, r + 15, r + 16,
    4, 18, 15,
    6, r + 5, 16,
    8, r + 7, 17,
    10, r + 13, r + 14,
    5, 19, r + 12,
    10, r + 11, r + 12,
    3, r + 1, 21,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class OrganizationsServiceException extends ServiceException$1 {
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, OrganizationsServiceException.prototype);
    }
}

class AccessDeniedException extends OrganizationsServiceException {
    name = "AccessDeniedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
        this.Message = opts.Message;
    }
}
class AccessDeniedForDependencyException extends OrganizationsServiceException {
    name = "AccessDeniedForDependencyException";
    $fault = "client";
    Message;
    Reason;
    constructor(opts) {
        super({
            name: "AccessDeniedForDependencyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedForDependencyException.prototype);
        this.Message = opts.Message;
        this.Reason = opts.Reason;
    }
}
class AWSOrganizationsNotInUseException extends OrganizationsServiceException {
    name = "AWSOrganizationsNotInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AWSOrganizationsNotInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AWSOrganizationsNotInUseException.prototype);
        this.Message = opts.Message;
    }
}
class ConcurrentModificationException extends OrganizationsServiceException {
    name = "ConcurrentModificationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ConcurrentModificationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConcurrentModificationException.prototype);
        this.Message = opts.Message;
    }
}
class ConstraintViolationException extends OrganizationsServiceException {
    name = "ConstraintViolationException";
    $fault = "client";
    Message;
    Reason;
    constructor(opts) {
        super({
            name: "ConstraintViolationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConstraintViolationException.prototype);
        this.Message = opts.Message;
        this.Reason = opts.Reason;
    }
}
class HandshakeAlreadyInStateException extends OrganizationsServiceException {
    name = "HandshakeAlreadyInStateException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "HandshakeAlreadyInStateException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, HandshakeAlreadyInStateException.prototype);
        this.Message = opts.Message;
    }
}
class HandshakeConstraintViolationException extends OrganizationsServiceException {
    name = "HandshakeConstraintViolationException";
    $fault = "client";
    Message;
    Reason;
    constructor(opts) {
        super({
            name: "HandshakeConstraintViolationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, HandshakeConstraintViolationException.prototype);
        this.Message = opts.Message;
        this.Reason = opts.Reason;
    }
}
class HandshakeNotFoundException extends OrganizationsServiceException {
    name = "HandshakeNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "HandshakeNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, HandshakeNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidHandshakeTransitionException extends OrganizationsServiceException {
    name = "InvalidHandshakeTransitionException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidHandshakeTransitionException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidHandshakeTransitionException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidInputException extends OrganizationsServiceException {
    name = "InvalidInputException";
    $fault = "client";
    Message;
    Reason;
    constructor(opts) {
        super({
            name: "InvalidInputException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidInputException.prototype);
        this.Message = opts.Message;
        this.Reason = opts.Reason;
    }
}
class MasterCannotLeaveOrganizationException extends OrganizationsServiceException {
    name = "MasterCannotLeaveOrganizationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "MasterCannotLeaveOrganizationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, MasterCannotLeaveOrganizationException.prototype);
        this.Message = opts.Message;
    }
}
class ServiceException extends OrganizationsServiceException {
    name = "ServiceException";
    $fault = "server";
    Message;
    constructor(opts) {
        super({
            name: "ServiceException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceException.prototype);
        this.Message = opts.Message;
    }
}
class TooManyRequestsException extends OrganizationsServiceException {
    name = "TooManyRequestsException";
    $fault = "client";
    Type;
    Message;
    constructor(opts) {
        super({
            name: "TooManyRequestsException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TooManyRequestsException.prototype);
        this.Type = opts.Type;
        this.Message = opts.Message;
    }
}
class AccountAlreadyClosedException extends OrganizationsServiceException {
    name = "AccountAlreadyClosedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccountAlreadyClosedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccountAlreadyClosedException.prototype);
        this.Message = opts.Message;
    }
}
class AccountAlreadyRegisteredException extends OrganizationsServiceException {
    name = "AccountAlreadyRegisteredException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccountAlreadyRegisteredException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccountAlreadyRegisteredException.prototype);
        this.Message = opts.Message;
    }
}
class AccountNotFoundException extends OrganizationsServiceException {
    name = "AccountNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccountNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccountNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class AccountNotRegisteredException extends OrganizationsServiceException {
    name = "AccountNotRegisteredException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccountNotRegisteredException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccountNotRegisteredException.prototype);
        this.Message = opts.Message;
    }
}
class AccountOwnerNotVerifiedException extends OrganizationsServiceException {
    name = "AccountOwnerNotVerifiedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AccountOwnerNotVerifiedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccountOwnerNotVerifiedException.prototype);
        this.Message = opts.Message;
    }
}
class AlreadyInOrganizationException extends OrganizationsServiceException {
    name = "AlreadyInOrganizationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "AlreadyInOrganizationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AlreadyInOrganizationException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicatePolicyAttachmentException extends OrganizationsServiceException {
    name = "DuplicatePolicyAttachmentException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicatePolicyAttachmentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicatePolicyAttachmentException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyChangesInProgressException extends OrganizationsServiceException {
    name = "PolicyChangesInProgressException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyChangesInProgressException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyChangesInProgressException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyNotFoundException extends OrganizationsServiceException {
    name = "PolicyNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyTypeNotEnabledException extends OrganizationsServiceException {
    name = "PolicyTypeNotEnabledException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyTypeNotEnabledException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyTypeNotEnabledException.prototype);
        this.Message = opts.Message;
    }
}
class TargetNotFoundException extends OrganizationsServiceException {
    name = "TargetNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "TargetNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, TargetNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class UnsupportedAPIEndpointException extends OrganizationsServiceException {
    name = "UnsupportedAPIEndpointException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "UnsupportedAPIEndpointException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, UnsupportedAPIEndpointException.prototype);
        this.Message = opts.Message;
    }
}
class ConflictException extends OrganizationsServiceException {
    name = "ConflictException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
        this.Message = opts.Message;
    }
}
class FinalizingOrganizationException extends OrganizationsServiceException {
    name = "FinalizingOrganizationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "FinalizingOrganizationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, FinalizingOrganizationException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateOrganizationalUnitException extends OrganizationsServiceException {
    name = "DuplicateOrganizationalUnitException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateOrganizationalUnitException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateOrganizationalUnitException.prototype);
        this.Message = opts.Message;
    }
}
class ParentNotFoundException extends OrganizationsServiceException {
    name = "ParentNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ParentNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ParentNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicatePolicyException extends OrganizationsServiceException {
    name = "DuplicatePolicyException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicatePolicyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicatePolicyException.prototype);
        this.Message = opts.Message;
    }
}
class MalformedPolicyDocumentException extends OrganizationsServiceException {
    name = "MalformedPolicyDocumentException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "MalformedPolicyDocumentException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, MalformedPolicyDocumentException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyTypeNotAvailableForOrganizationException extends OrganizationsServiceException {
    name = "PolicyTypeNotAvailableForOrganizationException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyTypeNotAvailableForOrganizationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyTypeNotAvailableForOrganizationException.prototype);
        this.Message = opts.Message;
    }
}
class OrganizationNotEmptyException extends OrganizationsServiceException {
    name = "OrganizationNotEmptyException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OrganizationNotEmptyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OrganizationNotEmptyException.prototype);
        this.Message = opts.Message;
    }
}
class OrganizationalUnitNotEmptyException extends OrganizationsServiceException {
    name = "OrganizationalUnitNotEmptyException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OrganizationalUnitNotEmptyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OrganizationalUnitNotEmptyException.prototype);
        this.Message = opts.Message;
    }
}
class OrganizationalUnitNotFoundException extends OrganizationsServiceException {
    name = "OrganizationalUnitNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "OrganizationalUnitNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, OrganizationalUnitNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyInUseException extends OrganizationsServiceException {
    name = "PolicyInUseException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyInUseException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyInUseException.prototype);
        this.Message = opts.Message;
    }
}
class ResourcePolicyNotFoundException extends OrganizationsServiceException {
    name = "ResourcePolicyNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResourcePolicyNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourcePolicyNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class CreateAccountStatusNotFoundException extends OrganizationsServiceException {
    name = "CreateAccountStatusNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "CreateAccountStatusNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, CreateAccountStatusNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class EffectivePolicyNotFoundException extends OrganizationsServiceException {
    name = "EffectivePolicyNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "EffectivePolicyNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, EffectivePolicyNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class ResponsibilityTransferNotFoundException extends OrganizationsServiceException {
    name = "ResponsibilityTransferNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResponsibilityTransferNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResponsibilityTransferNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyNotAttachedException extends OrganizationsServiceException {
    name = "PolicyNotAttachedException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyNotAttachedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyNotAttachedException.prototype);
        this.Message = opts.Message;
    }
}
class RootNotFoundException extends OrganizationsServiceException {
    name = "RootNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "RootNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, RootNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class PolicyTypeAlreadyEnabledException extends OrganizationsServiceException {
    name = "PolicyTypeAlreadyEnabledException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "PolicyTypeAlreadyEnabledException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, PolicyTypeAlreadyEnabledException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateHandshakeException extends OrganizationsServiceException {
    name = "DuplicateHandshakeException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateHandshakeException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateHandshakeException.prototype);
        this.Message = opts.Message;
    }
}
class ChildNotFoundException extends OrganizationsServiceException {
    name = "ChildNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ChildNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ChildNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class DestinationParentNotFoundException extends OrganizationsServiceException {
    name = "DestinationParentNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DestinationParentNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DestinationParentNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class DuplicateAccountException extends OrganizationsServiceException {
    name = "DuplicateAccountException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "DuplicateAccountException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, DuplicateAccountException.prototype);
        this.Message = opts.Message;
    }
}
class SourceParentNotFoundException extends OrganizationsServiceException {
    name = "SourceParentNotFoundException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "SourceParentNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, SourceParentNotFoundException.prototype);
        this.Message = opts.Message;
    }
}
class InvalidResponsibilityTransferTransitionException extends OrganizationsServiceException {
    name = "InvalidResponsibilityTransferTransitionException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "InvalidResponsibilityTransferTransitionException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, InvalidResponsibilityTransferTransitionException.prototype);
        this.Message = opts.Message;
    }
}
class ResponsibilityTransferAlreadyInStatusException extends OrganizationsServiceException {
    name = "ResponsibilityTransferAlreadyInStatusException";
    $fault = "client";
    Message;
    constructor(opts) {
        super({
            name: "ResponsibilityTransferAlreadyInStatusException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResponsibilityTransferAlreadyInStatusException.prototype);
        this.Message = opts.Message;
    }
}

const _A = "Account";
const _AACE = "AccountAlreadyClosedException";
const _AARE = "AccountAlreadyRegisteredException";
const _ADE = "AccessDeniedException";
const _ADFDE = "AccessDeniedForDependencyException";
const _AH = "AcceptHandshake";
const _AHI = "ActiveHandshakeId";
const _AHR = "AcceptHandshakeRequest";
const _AHRc = "AcceptHandshakeResponse";
const _AI = "AccountId";
const _AIOE = "AlreadyInOrganizationException";
const _AM = "AwsManaged";
const _AN = "AccountName";
const _ANFE = "AccountNotFoundException";
const _ANRE = "AccountNotRegisteredException";
const _AONVE = "AccountOwnerNotVerifiedException";
const _AP = "AttachPolicy";
const _APR = "AttachPolicyRequest";
const _APT = "AvailablePolicyTypes";
const _AT = "ActionType";
const _AWSONIUE = "AWSOrganizationsNotInUseException";
const _Ac = "Action";
const _Acc = "Accounts";
const _Ar = "Arn";
const _C = "Child";
const _CA = "CloseAccount";
const _CAN = "CreateAccountName";
const _CAR = "CloseAccountRequest";
const _CARI = "CreateAccountRequestId";
const _CARr = "CreateAccountRequest";
const _CARre = "CreateAccountResponse";
const _CAS = "CreateAccountStatus";
const _CASNFE = "CreateAccountStatusNotFoundException";
const _CASr = "CreateAccountStatuses";
const _CAr = "CreateAccount";
const _CE = "ConflictException";
const _CGCA = "CreateGovCloudAccount";
const _CGCAR = "CreateGovCloudAccountRequest";
const _CGCARr = "CreateGovCloudAccountResponse";
const _CH = "CancelHandshake";
const _CHR = "CancelHandshakeRequest";
const _CHRa = "CancelHandshakeResponse";
const _CI = "ChildId";
const _CME = "ConcurrentModificationException";
const _CNFE = "ChildNotFoundException";
const _CO = "CreateOrganization";
const _COR = "CreateOrganizationRequest";
const _CORr = "CreateOrganizationResponse";
const _COU = "CreateOrganizationalUnit";
const _COUR = "CreateOrganizationalUnitRequest";
const _COURr = "CreateOrganizationalUnitResponse";
const _CP = "ContributingPolicies";
const _CPR = "CreatePolicyRequest";
const _CPRr = "CreatePolicyResponse";
const _CPr = "CreatePolicy";
const _CT = "CompletedTimestamp";
const _CTh = "ChildType";
const _CVE = "ConstraintViolationException";
const _Ch = "Children";
const _Co = "Content";
const _D = "Description";
const _DA = "DelegatedAdministrator";
const _DAE = "DuplicateAccountException";
const _DAR = "DescribeAccountRequest";
const _DARe = "DescribeAccountResponse";
const _DAWSSA = "DisableAWSServiceAccess";
const _DAWSSAR = "DisableAWSServiceAccessRequest";
const _DAe = "DelegatedAdministrators";
const _DAes = "DescribeAccount";
const _DCAS = "DescribeCreateAccountStatus";
const _DCASR = "DescribeCreateAccountStatusRequest";
const _DCASRe = "DescribeCreateAccountStatusResponse";
const _DDA = "DeregisterDelegatedAdministrator";
const _DDAR = "DeregisterDelegatedAdministratorRequest";
const _DE = "DateEnabled";
const _DED = "DelegationEnabledDate";
const _DEP = "DescribeEffectivePolicy";
const _DEPR = "DescribeEffectivePolicyRequest";
const _DEPRe = "DescribeEffectivePolicyResponse";
const _DH = "DeclineHandshake";
const _DHE = "DuplicateHandshakeException";
const _DHR = "DeclineHandshakeRequest";
const _DHRe = "DeclineHandshakeResponse";
const _DHRes = "DescribeHandshakeRequest";
const _DHResc = "DescribeHandshakeResponse";
const _DHe = "DescribeHandshake";
const _DO = "DeleteOrganization";
const _DOR = "DescribeOrganizationResponse";
const _DOU = "DeleteOrganizationalUnit";
const _DOUE = "DuplicateOrganizationalUnitException";
const _DOUR = "DeleteOrganizationalUnitRequest";
const _DOURe = "DescribeOrganizationalUnitRequest";
const _DOURes = "DescribeOrganizationalUnitResponse";
const _DOUe = "DescribeOrganizationalUnit";
const _DOe = "DescribeOrganization";
const _DP = "DeletePolicy";
const _DPAE = "DuplicatePolicyAttachmentException";
const _DPE = "DuplicatePolicyException";
const _DPI = "DestinationParentId";
const _DPNFE = "DestinationParentNotFoundException";
const _DPR = "DeletePolicyRequest";
const _DPRe = "DescribePolicyRequest";
const _DPRes = "DescribePolicyResponse";
const _DPRet = "DetachPolicyRequest";
const _DPT = "DisablePolicyType";
const _DPTR = "DisablePolicyTypeRequest";
const _DPTRi = "DisablePolicyTypeResponse";
const _DPe = "DescribePolicy";
const _DPet = "DetachPolicy";
const _DRP = "DeleteResourcePolicy";
const _DRPR = "DescribeResourcePolicyResponse";
const _DRPe = "DescribeResourcePolicy";
const _DRT = "DescribeResponsibilityTransfer";
const _DRTR = "DescribeResponsibilityTransferRequest";
const _DRTRe = "DescribeResponsibilityTransferResponse";
const _DS = "DelegatedService";
const _DSe = "DelegatedServices";
const _E = "Email";
const _EAF = "EnableAllFeatures";
const _EAFR = "EnableAllFeaturesRequest";
const _EAFRn = "EnableAllFeaturesResponse";
const _EAWSSA = "EnableAWSServiceAccess";
const _EAWSSAR = "EnableAWSServiceAccessRequest";
const _EC = "ErrorCode";
const _EM = "ErrorMessage";
const _EP = "EffectivePolicy";
const _EPNFE = "EffectivePolicyNotFoundException";
const _EPT = "EnablePolicyType";
const _EPTR = "EnablePolicyTypeRequest";
const _EPTRn = "EnablePolicyTypeResponse";
const _EPVE = "EffectivePolicyValidationError";
const _EPVEf = "EffectivePolicyValidationErrors";
const _ESP = "EnabledServicePrincipal";
const _ESPn = "EnabledServicePrincipals";
const _ET = "ExpirationTimestamp";
const _ETn = "EndTimestamp";
const _ETv = "EvaluationTimestamp";
const _F = "Filter";
const _FOE = "FinalizingOrganizationException";
const _FR = "FailureReason";
const _FS = "FeatureSet";
const _GCAI = "GovCloudAccountId";
const _H = "Handshake";
const _HAISE = "HandshakeAlreadyInStateException";
const _HCVE = "HandshakeConstraintViolationException";
const _HF = "HandshakeFilter";
const _HI = "HandshakeId";
const _HN = "HandshakeNotes";
const _HNFE = "HandshakeNotFoundException";
const _HP = "HandshakeParty";
const _HPI = "HandshakePartyId";
const _HPa = "HandshakeParties";
const _HR = "HandshakeResource";
const _HRV = "HandshakeResourceValue";
const _HRa = "HandshakeResources";
const _Ha = "Handshakes";
const _I = "Id";
const _IATO = "InviteAccountToOrganization";
const _IATOR = "InviteAccountToOrganizationRequest";
const _IATORn = "InviteAccountToOrganizationResponse";
const _IHTE = "InvalidHandshakeTransitionException";
const _IIE = "InvalidInputException";
const _IOTTR = "InviteOrganizationToTransferResponsibility";
const _IOTTRR = "InviteOrganizationToTransferResponsibilityRequest";
const _IOTTRRn = "InviteOrganizationToTransferResponsibilityResponse";
const _IRTTE = "InvalidResponsibilityTransferTransitionException";
const _IUATB = "IamUserAccessToBilling";
const _JM = "JoinedMethod";
const _JT = "JoinedTimestamp";
const _K = "Key";
const _LA = "ListAccounts";
const _LAFP = "ListAccountsForParent";
const _LAFPR = "ListAccountsForParentRequest";
const _LAFPRi = "ListAccountsForParentResponse";
const _LAR = "ListAccountsRequest";
const _LARi = "ListAccountsResponse";
const _LAWIEP = "ListAccountsWithInvalidEffectivePolicy";
const _LAWIEPR = "ListAccountsWithInvalidEffectivePolicyRequest";
const _LAWIEPRi = "ListAccountsWithInvalidEffectivePolicyResponse";
const _LAWSSAFO = "ListAWSServiceAccessForOrganization";
const _LAWSSAFOR = "ListAWSServiceAccessForOrganizationRequest";
const _LAWSSAFORi = "ListAWSServiceAccessForOrganizationResponse";
const _LC = "ListChildren";
const _LCAS = "ListCreateAccountStatus";
const _LCASR = "ListCreateAccountStatusRequest";
const _LCASRi = "ListCreateAccountStatusResponse";
const _LCR = "ListChildrenRequest";
const _LCRi = "ListChildrenResponse";
const _LDA = "ListDelegatedAdministrators";
const _LDAR = "ListDelegatedAdministratorsRequest";
const _LDARi = "ListDelegatedAdministratorsResponse";
const _LDSFA = "ListDelegatedServicesForAccount";
const _LDSFAR = "ListDelegatedServicesForAccountRequest";
const _LDSFARi = "ListDelegatedServicesForAccountResponse";
const _LEPVE = "ListEffectivePolicyValidationErrors";
const _LEPVER = "ListEffectivePolicyValidationErrorsRequest";
const _LEPVERi = "ListEffectivePolicyValidationErrorsResponse";
const _LHFA = "ListHandshakesForAccount";
const _LHFAR = "ListHandshakesForAccountRequest";
const _LHFARi = "ListHandshakesForAccountResponse";
const _LHFO = "ListHandshakesForOrganization";
const _LHFOR = "ListHandshakesForOrganizationRequest";
const _LHFORi = "ListHandshakesForOrganizationResponse";
const _LIRT = "ListInboundResponsibilityTransfers";
const _LIRTR = "ListInboundResponsibilityTransfersRequest";
const _LIRTRi = "ListInboundResponsibilityTransfersResponse";
const _LO = "LeaveOrganization";
const _LORT = "ListOutboundResponsibilityTransfers";
const _LORTR = "ListOutboundResponsibilityTransfersRequest";
const _LORTRi = "ListOutboundResponsibilityTransfersResponse";
const _LOUFP = "ListOrganizationalUnitsForParent";
const _LOUFPR = "ListOrganizationalUnitsForParentRequest";
const _LOUFPRi = "ListOrganizationalUnitsForParentResponse";
const _LP = "ListParents";
const _LPFT = "ListPoliciesForTarget";
const _LPFTR = "ListPoliciesForTargetRequest";
const _LPFTRi = "ListPoliciesForTargetResponse";
const _LPR = "ListParentsRequest";
const _LPRi = "ListParentsResponse";
const _LPRis = "ListPoliciesRequest";
const _LPRist = "ListPoliciesResponse";
const _LPi = "ListPolicies";
const _LR = "ListRoots";
const _LRR = "ListRootsRequest";
const _LRRi = "ListRootsResponse";
const _LTFP = "ListTargetsForPolicy";
const _LTFPR = "ListTargetsForPolicyRequest";
const _LTFPRi = "ListTargetsForPolicyResponse";
const _LTFR = "ListTagsForResource";
const _LTFRR = "ListTagsForResourceRequest";
const _LTFRRi = "ListTagsForResourceResponse";
const _LUT = "LastUpdatedTimestamp";
const _M = "Message";
const _MA = "MoveAccount";
const _MAA = "MasterAccountArn";
const _MAE = "MasterAccountEmail";
const _MAEa = "ManagementAccountEmail";
const _MAI = "MasterAccountId";
const _MAIa = "ManagementAccountId";
const _MAR = "MoveAccountRequest";
const _MCLOE = "MasterCannotLeaveOrganizationException";
const _MPDE = "MalformedPolicyDocumentException";
const _MR = "MaxResults";
const _N = "Name";
const _NT = "NextToken";
const _No = "Notes";
const _O = "Organization";
const _ONEE = "OrganizationNotEmptyException";
const _OU = "OrganizationalUnit";
const _OUI = "OrganizationalUnitId";
const _OUNEE = "OrganizationalUnitNotEmptyException";
const _OUNFE = "OrganizationalUnitNotFoundException";
const _OUr = "OrganizationalUnits";
const _P = "Paths";
const _PC = "PolicyContent";
const _PCIPE = "PolicyChangesInProgressException";
const _PHI = "ParentHandshakeId";
const _PI = "PolicyId";
const _PIUE = "PolicyInUseException";
const _PIa = "ParentId";
const _PNAE = "PolicyNotAttachedException";
const _PNFE = "ParentNotFoundException";
const _PNFEo = "PolicyNotFoundException";
const _PRP = "PutResourcePolicy";
const _PRPR = "PutResourcePolicyRequest";
const _PRPRu = "PutResourcePolicyResponse";
const _PS = "PolicySummary";
const _PT = "PolicyType";
const _PTAEE = "PolicyTypeAlreadyEnabledException";
const _PTE = "PathToError";
const _PTNAFOE = "PolicyTypeNotAvailableForOrganizationException";
const _PTNEE = "PolicyTypeNotEnabledException";
const _PTS = "PolicyTargetSummary";
const _PTSo = "PolicyTypeSummary";
const _PTo = "PolicyTypes";
const _PTol = "PolicyTargets";
const _Pa = "Parties";
const _Par = "Parents";
const _Pare = "Parent";
const _Pat = "Path";
const _Po = "Policy";
const _Pol = "Policies";
const _R = "Reason";
const _RAFO = "RemoveAccountFromOrganization";
const _RAFOR = "RemoveAccountFromOrganizationRequest";
const _RDA = "RegisterDelegatedAdministrator";
const _RDAR = "RegisterDelegatedAdministratorRequest";
const _RI = "RootId";
const _RIe = "ResourceId";
const _RN = "RoleName";
const _RNFE = "RootNotFoundException";
const _RP = "ResourcePolicy";
const _RPNFE = "ResourcePolicyNotFoundException";
const _RPS = "ResourcePolicySummary";
const _RT = "RequestedTimestamp";
const _RTAISE = "ResponsibilityTransferAlreadyInStatusException";
const _RTN = "ResponsibilityTransferName";
const _RTNFE = "ResponsibilityTransferNotFoundException";
const _RTe = "ResponsibilityTransfer";
const _RTes = "ResponsibilityTransfers";
const _Re = "Resources";
const _Ro = "Root";
const _Roo = "Roots";
const _S = "Status";
const _SE = "ServiceException";
const _SN = "SourceName";
const _SP = "ServicePrincipal";
const _SPI = "SourceParentId";
const _SPNFE = "SourceParentNotFoundException";
const _ST = "StartTimestamp";
const _So = "Source";
const _St = "State";
const _Sta = "States";
const _T = "Type";
const _TI = "TargetId";
const _TK = "TagKeys";
const _TMRE = "TooManyRequestsException";
const _TNFE = "TargetNotFoundException";
const _TP = "TransferParticipant";
const _TR = "TagResource";
const _TRR = "TagResourceRequest";
const _TRT = "TerminateResponsibilityTransfer";
const _TRTR = "TerminateResponsibilityTransferRequest";
const _TRTRe = "TerminateResponsibilityTransferResponse";
const _Ta = "Tags";
const _Tag = "Tag";
const _Tar = "Target";
const _Targ = "Targets";
const _UAPIEE = "UnsupportedAPIEndpointException";
const _UOU = "UpdateOrganizationalUnit";
const _UOUR = "UpdateOrganizationalUnitRequest";
const _UOURp = "UpdateOrganizationalUnitResponse";
const _UP = "UpdatePolicy";
const _UPR = "UpdatePolicyRequest";
const _UPRp = "UpdatePolicyResponse";
const _UR = "UntagResource";
const _URR = "UntagResourceRequest";
const _URT = "UpdateResponsibilityTransfer";
const _URTR = "UpdateResponsibilityTransferRequest";
const _URTRp = "UpdateResponsibilityTransferResponse";
const _V = "Value";
const _c = "client";
const _e = "error";
const _hE = "httpError";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.organizations";
const _se = "server";
const n0 = "com.amazonaws.organizations";
const _s_registry = TypeRegistry.for(_s);
var OrganizationsServiceException$ = [-3, _s, "OrganizationsServiceException", 0, [], []];
_s_registry.registerError(OrganizationsServiceException$, OrganizationsServiceException);
const n0_registry = TypeRegistry.for(n0);
var AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c, [_hE]: 403 },
    [_M],
    [0]
];
n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
var AccessDeniedForDependencyException$ = [-3, n0, _ADFDE,
    { [_e]: _c, [_hE]: 403 },
    [_M, _R],
    [0, 0]
];
n0_registry.registerError(AccessDeniedForDependencyException$, AccessDeniedForDependencyException);
var AccountAlreadyClosedException$ = [-3, n0, _AACE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(AccountAlreadyClosedException$, AccountAlreadyClosedException);
var AccountAlreadyRegisteredException$ = [-3, n0, _AARE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(AccountAlreadyRegisteredException$, AccountAlreadyRegisteredException);
var AccountNotFoundException$ = [-3, n0, _ANFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(AccountNotFoundException$, AccountNotFoundException);
var AccountNotRegisteredException$ = [-3, n0, _ANRE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(AccountNotRegisteredException$, AccountNotRegisteredException);
var AccountOwnerNotVerifiedException$ = [-3, n0, _AONVE,
    { [_e]: _c, [_hE]: 403 },
    [_M],
    [0]
];
n0_registry.registerError(AccountOwnerNotVerifiedException$, AccountOwnerNotVerifiedException);
var AlreadyInOrganizationException$ = [-3, n0, _AIOE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(AlreadyInOrganizationException$, AlreadyInOrganizationException);
var AWSOrganizationsNotInUseException$ = [-3, n0, _AWSONIUE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(AWSOrganizationsNotInUseException$, AWSOrganizationsNotInUseException);
var ChildNotFoundException$ = [-3, n0, _CNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(ChildNotFoundException$, ChildNotFoundException);
var ConcurrentModificationException$ = [-3, n0, _CME,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(ConcurrentModificationException$, ConcurrentModificationException);
var ConflictException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(ConflictException$, ConflictException);
var ConstraintViolationException$ = [-3, n0, _CVE,
    { [_e]: _c, [_hE]: 409 },
    [_M, _R],
    [0, 0]
];
n0_registry.registerError(ConstraintViolationException$, ConstraintViolationException);
var CreateAccountStatusNotFoundException$ = [-3, n0, _CASNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(CreateAccountStatusNotFoundException$, CreateAccountStatusNotFoundException);
var DestinationParentNotFoundException$ = [-3, n0, _DPNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(DestinationParentNotFoundException$, DestinationParentNotFoundException);
var DuplicateAccountException$ = [-3, n0, _DAE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateAccountException$, DuplicateAccountException);
var DuplicateHandshakeException$ = [-3, n0, _DHE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateHandshakeException$, DuplicateHandshakeException);
var DuplicateOrganizationalUnitException$ = [-3, n0, _DOUE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicateOrganizationalUnitException$, DuplicateOrganizationalUnitException);
var DuplicatePolicyAttachmentException$ = [-3, n0, _DPAE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicatePolicyAttachmentException$, DuplicatePolicyAttachmentException);
var DuplicatePolicyException$ = [-3, n0, _DPE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(DuplicatePolicyException$, DuplicatePolicyException);
var EffectivePolicyNotFoundException$ = [-3, n0, _EPNFE,
    { [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(EffectivePolicyNotFoundException$, EffectivePolicyNotFoundException);
var FinalizingOrganizationException$ = [-3, n0, _FOE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(FinalizingOrganizationException$, FinalizingOrganizationException);
var HandshakeAlreadyInStateException$ = [-3, n0, _HAISE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(HandshakeAlreadyInStateException$, HandshakeAlreadyInStateException);
var HandshakeConstraintViolationException$ = [-3, n0, _HCVE,
    { [_e]: _c, [_hE]: 409 },
    [_M, _R],
    [0, 0]
];
n0_registry.registerError(HandshakeConstraintViolationException$, HandshakeConstraintViolationException);
var HandshakeNotFoundException$ = [-3, n0, _HNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(HandshakeNotFoundException$, HandshakeNotFoundException);
var InvalidHandshakeTransitionException$ = [-3, n0, _IHTE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidHandshakeTransitionException$, InvalidHandshakeTransitionException);
var InvalidInputException$ = [-3, n0, _IIE,
    { [_e]: _c, [_hE]: 400 },
    [_M, _R],
    [0, 0]
];
n0_registry.registerError(InvalidInputException$, InvalidInputException);
var InvalidResponsibilityTransferTransitionException$ = [-3, n0, _IRTTE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(InvalidResponsibilityTransferTransitionException$, InvalidResponsibilityTransferTransitionException);
var MalformedPolicyDocumentException$ = [-3, n0, _MPDE,
    { [_e]: _c, [_hE]: 400 },
    [_M],
    [0]
];
n0_registry.registerError(MalformedPolicyDocumentException$, MalformedPolicyDocumentException);
var MasterCannotLeaveOrganizationException$ = [-3, n0, _MCLOE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(MasterCannotLeaveOrganizationException$, MasterCannotLeaveOrganizationException);
var OrganizationalUnitNotEmptyException$ = [-3, n0, _OUNEE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(OrganizationalUnitNotEmptyException$, OrganizationalUnitNotEmptyException);
var OrganizationalUnitNotFoundException$ = [-3, n0, _OUNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(OrganizationalUnitNotFoundException$, OrganizationalUnitNotFoundException);
var OrganizationNotEmptyException$ = [-3, n0, _ONEE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(OrganizationNotEmptyException$, OrganizationNotEmptyException);
var ParentNotFoundException$ = [-3, n0, _PNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(ParentNotFoundException$, ParentNotFoundException);
var PolicyChangesInProgressException$ = [-3, n0, _PCIPE,
    { [_e]: _c },
    [_M],
    [0]
];
n0_registry.registerError(PolicyChangesInProgressException$, PolicyChangesInProgressException);
var PolicyInUseException$ = [-3, n0, _PIUE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyInUseException$, PolicyInUseException);
var PolicyNotAttachedException$ = [-3, n0, _PNAE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyNotAttachedException$, PolicyNotAttachedException);
var PolicyNotFoundException$ = [-3, n0, _PNFEo,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyNotFoundException$, PolicyNotFoundException);
var PolicyTypeAlreadyEnabledException$ = [-3, n0, _PTAEE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyTypeAlreadyEnabledException$, PolicyTypeAlreadyEnabledException);
var PolicyTypeNotAvailableForOrganizationException$ = [-3, n0, _PTNAFOE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyTypeNotAvailableForOrganizationException$, PolicyTypeNotAvailableForOrganizationException);
var PolicyTypeNotEnabledException$ = [-3, n0, _PTNEE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(PolicyTypeNotEnabledException$, PolicyTypeNotEnabledException);
var ResourcePolicyNotFoundException$ = [-3, n0, _RPNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(ResourcePolicyNotFoundException$, ResourcePolicyNotFoundException);
var ResponsibilityTransferAlreadyInStatusException$ = [-3, n0, _RTAISE,
    { [_e]: _c, [_hE]: 409 },
    [_M],
    [0]
];
n0_registry.registerError(ResponsibilityTransferAlreadyInStatusException$, ResponsibilityTransferAlreadyInStatusException);
var ResponsibilityTransferNotFoundException$ = [-3, n0, _RTNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(ResponsibilityTransferNotFoundException$, ResponsibilityTransferNotFoundException);
var RootNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(RootNotFoundException$, RootNotFoundException);
var ServiceException$ = [-3, n0, _SE,
    { [_e]: _se, [_hE]: 500 },
    [_M],
    [0]
];
n0_registry.registerError(ServiceException$, ServiceException);
var SourceParentNotFoundException$ = [-3, n0, _SPNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(SourceParentNotFoundException$, SourceParentNotFoundException);
var TargetNotFoundException$ = [-3, n0, _TNFE,
    { [_e]: _c, [_hE]: 404 },
    [_M],
    [0]
];
n0_registry.registerError(TargetNotFoundException$, TargetNotFoundException);
var TooManyRequestsException$ = [-3, n0, _TMRE,
    { [_e]: _c, [_hE]: 429 },
    [_T, _M],
    [0, 0]
];
n0_registry.registerError(TooManyRequestsException$, TooManyRequestsException);
var UnsupportedAPIEndpointException$ = [-3, n0, _UAPIEE,
    { [_e]: _c, [_hE]: 403 },
    [_M],
    [0]
];
n0_registry.registerError(UnsupportedAPIEndpointException$, UnsupportedAPIEndpointException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AccountName = [0, n0, _AN, 8, 0];
var CreateAccountName = [0, n0, _CAN, 8, 0];
var Email = [0, n0, _E, 8, 0];
var HandshakeNotes = [0, n0, _HN, 8, 0];
var HandshakePartyId = [0, n0, _HPI, 8, 0];
var HandshakeResourceValue = [0, n0, _HRV, 8, 0];
var ResponsibilityTransferName = [0, n0, _RTN, 8, 0];
var AcceptHandshakeRequest$ = [3, n0, _AHR,
    0,
    [_HI],
    [0], 1
];
var AcceptHandshakeResponse$ = [3, n0, _AHRc,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var Account$ = [3, n0, _A,
    0,
    [_I, _Ar, _E, _N, _S, _St, _P, _JM, _JT],
    [0, 0, [() => Email, 0], [() => AccountName, 0], 0, 0, 64 | 0, 0, 4]
];
var AttachPolicyRequest$ = [3, n0, _APR,
    0,
    [_PI, _TI],
    [0, 0], 2
];
var CancelHandshakeRequest$ = [3, n0, _CHR,
    0,
    [_HI],
    [0], 1
];
var CancelHandshakeResponse$ = [3, n0, _CHRa,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var Child$ = [3, n0, _C,
    0,
    [_I, _T],
    [0, 0]
];
var CloseAccountRequest$ = [3, n0, _CAR,
    0,
    [_AI],
    [0], 1
];
var CreateAccountRequest$ = [3, n0, _CARr,
    0,
    [_E, _AN, _RN, _IUATB, _Ta],
    [[() => Email, 0], [() => CreateAccountName, 0], 0, 0, () => Tags], 2
];
var CreateAccountResponse$ = [3, n0, _CARre,
    0,
    [_CAS],
    [[() => CreateAccountStatus$, 0]]
];
var CreateAccountStatus$ = [3, n0, _CAS,
    0,
    [_I, _AN, _St, _RT, _CT, _AI, _GCAI, _FR],
    [0, [() => CreateAccountName, 0], 0, 4, 4, 0, 0, 0]
];
var CreateGovCloudAccountRequest$ = [3, n0, _CGCAR,
    0,
    [_E, _AN, _RN, _IUATB, _Ta],
    [[() => Email, 0], [() => CreateAccountName, 0], 0, 0, () => Tags], 2
];
var CreateGovCloudAccountResponse$ = [3, n0, _CGCARr,
    0,
    [_CAS],
    [[() => CreateAccountStatus$, 0]]
];
var CreateOrganizationalUnitRequest$ = [3, n0, _COUR,
    0,
    [_PIa, _N, _Ta],
    [0, 0, () => Tags], 2
];
var CreateOrganizationalUnitResponse$ = [3, n0, _COURr,
    0,
    [_OU],
    [() => OrganizationalUnit$]
];
var CreateOrganizationRequest$ = [3, n0, _COR,
    0,
    [_FS],
    [0]
];
var CreateOrganizationResponse$ = [3, n0, _CORr,
    0,
    [_O],
    [[() => Organization$, 0]]
];
var CreatePolicyRequest$ = [3, n0, _CPR,
    0,
    [_Co, _D, _N, _T, _Ta],
    [0, 0, 0, 0, () => Tags], 4
];
var CreatePolicyResponse$ = [3, n0, _CPRr,
    0,
    [_Po],
    [() => Policy$]
];
var DeclineHandshakeRequest$ = [3, n0, _DHR,
    0,
    [_HI],
    [0], 1
];
var DeclineHandshakeResponse$ = [3, n0, _DHRe,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var DelegatedAdministrator$ = [3, n0, _DA,
    0,
    [_I, _Ar, _E, _N, _S, _St, _JM, _JT, _DED],
    [0, 0, [() => Email, 0], [() => AccountName, 0], 0, 0, 0, 4, 4]
];
var DelegatedService$ = [3, n0, _DS,
    0,
    [_SP, _DED],
    [0, 4]
];
var DeleteOrganizationalUnitRequest$ = [3, n0, _DOUR,
    0,
    [_OUI],
    [0], 1
];
var DeletePolicyRequest$ = [3, n0, _DPR,
    0,
    [_PI],
    [0], 1
];
var DeregisterDelegatedAdministratorRequest$ = [3, n0, _DDAR,
    0,
    [_AI, _SP],
    [0, 0], 2
];
var DescribeAccountRequest$ = [3, n0, _DAR,
    0,
    [_AI],
    [0], 1
];
var DescribeAccountResponse$ = [3, n0, _DARe,
    0,
    [_A],
    [[() => Account$, 0]]
];
var DescribeCreateAccountStatusRequest$ = [3, n0, _DCASR,
    0,
    [_CARI],
    [0], 1
];
var DescribeCreateAccountStatusResponse$ = [3, n0, _DCASRe,
    0,
    [_CAS],
    [[() => CreateAccountStatus$, 0]]
];
var DescribeEffectivePolicyRequest$ = [3, n0, _DEPR,
    0,
    [_PT, _TI],
    [0, 0], 1
];
var DescribeEffectivePolicyResponse$ = [3, n0, _DEPRe,
    0,
    [_EP],
    [() => EffectivePolicy$]
];
var DescribeHandshakeRequest$ = [3, n0, _DHRes,
    0,
    [_HI],
    [0], 1
];
var DescribeHandshakeResponse$ = [3, n0, _DHResc,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var DescribeOrganizationalUnitRequest$ = [3, n0, _DOURe,
    0,
    [_OUI],
    [0], 1
];
var DescribeOrganizationalUnitResponse$ = [3, n0, _DOURes,
    0,
    [_OU],
    [() => OrganizationalUnit$]
];
var DescribeOrganizationResponse$ = [3, n0, _DOR,
    0,
    [_O],
    [[() => Organization$, 0]]
];
var DescribePolicyRequest$ = [3, n0, _DPRe,
    0,
    [_PI],
    [0], 1
];
var DescribePolicyResponse$ = [3, n0, _DPRes,
    0,
    [_Po],
    [() => Policy$]
];
var DescribeResourcePolicyResponse$ = [3, n0, _DRPR,
    0,
    [_RP],
    [() => ResourcePolicy$]
];
var DescribeResponsibilityTransferRequest$ = [3, n0, _DRTR,
    0,
    [_I],
    [0], 1
];
var DescribeResponsibilityTransferResponse$ = [3, n0, _DRTRe,
    0,
    [_RTe],
    [[() => ResponsibilityTransfer$, 0]]
];
var DetachPolicyRequest$ = [3, n0, _DPRet,
    0,
    [_PI, _TI],
    [0, 0], 2
];
var DisableAWSServiceAccessRequest$ = [3, n0, _DAWSSAR,
    0,
    [_SP],
    [0], 1
];
var DisablePolicyTypeRequest$ = [3, n0, _DPTR,
    0,
    [_RI, _PT],
    [0, 0], 2
];
var DisablePolicyTypeResponse$ = [3, n0, _DPTRi,
    0,
    [_Ro],
    [() => Root$]
];
var EffectivePolicy$ = [3, n0, _EP,
    0,
    [_PC, _LUT, _TI, _PT],
    [0, 4, 0, 0]
];
var EffectivePolicyValidationError$ = [3, n0, _EPVE,
    0,
    [_EC, _EM, _PTE, _CP],
    [0, 0, 0, 64 | 0]
];
var EnableAllFeaturesRequest$ = [3, n0, _EAFR,
    0,
    [],
    []
];
var EnableAllFeaturesResponse$ = [3, n0, _EAFRn,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var EnableAWSServiceAccessRequest$ = [3, n0, _EAWSSAR,
    0,
    [_SP],
    [0], 1
];
var EnabledServicePrincipal$ = [3, n0, _ESP,
    0,
    [_SP, _DE],
    [0, 4]
];
var EnablePolicyTypeRequest$ = [3, n0, _EPTR,
    0,
    [_RI, _PT],
    [0, 0], 2
];
var EnablePolicyTypeResponse$ = [3, n0, _EPTRn,
    0,
    [_Ro],
    [() => Root$]
];
var Handshake$ = [3, n0, _H,
    0,
    [_I, _Ar, _Pa, _St, _RT, _ET, _Ac, _Re],
    [0, 0, [() => HandshakeParties, 0], 0, 4, 4, 0, [() => HandshakeResources, 0]]
];
var HandshakeFilter$ = [3, n0, _HF,
    0,
    [_AT, _PHI],
    [0, 0]
];
var HandshakeParty$ = [3, n0, _HP,
    0,
    [_I, _T],
    [[() => HandshakePartyId, 0], 0], 2
];
var HandshakeResource$ = [3, n0, _HR,
    0,
    [_V, _T, _Re],
    [[() => HandshakeResourceValue, 0], 0, [() => HandshakeResources, 0]]
];
var InviteAccountToOrganizationRequest$ = [3, n0, _IATOR,
    0,
    [_Tar, _No, _Ta],
    [[() => HandshakeParty$, 0], [() => HandshakeNotes, 0], () => Tags], 1
];
var InviteAccountToOrganizationResponse$ = [3, n0, _IATORn,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var InviteOrganizationToTransferResponsibilityRequest$ = [3, n0, _IOTTRR,
    0,
    [_T, _Tar, _ST, _SN, _No, _Ta],
    [0, [() => HandshakeParty$, 0], 4, [() => ResponsibilityTransferName, 0], [() => HandshakeNotes, 0], () => Tags], 4
];
var InviteOrganizationToTransferResponsibilityResponse$ = [3, n0, _IOTTRRn,
    0,
    [_H],
    [[() => Handshake$, 0]]
];
var ListAccountsForParentRequest$ = [3, n0, _LAFPR,
    0,
    [_PIa, _NT, _MR],
    [0, 0, 1], 1
];
var ListAccountsForParentResponse$ = [3, n0, _LAFPRi,
    0,
    [_Acc, _NT],
    [[() => Accounts, 0], 0]
];
var ListAccountsRequest$ = [3, n0, _LAR,
    0,
    [_NT, _MR],
    [0, 1]
];
var ListAccountsResponse$ = [3, n0, _LARi,
    0,
    [_Acc, _NT],
    [[() => Accounts, 0], 0]
];
var ListAccountsWithInvalidEffectivePolicyRequest$ = [3, n0, _LAWIEPR,
    0,
    [_PT, _NT, _MR],
    [0, 0, 1], 1
];
var ListAccountsWithInvalidEffectivePolicyResponse$ = [3, n0, _LAWIEPRi,
    0,
    [_Acc, _PT, _NT],
    [[() => Accounts, 0], 0, 0]
];
var ListAWSServiceAccessForOrganizationRequest$ = [3, n0, _LAWSSAFOR,
    0,
    [_NT, _MR],
    [0, 1]
];
var ListAWSServiceAccessForOrganizationResponse$ = [3, n0, _LAWSSAFORi,
    0,
    [_ESPn, _NT],
    [() => EnabledServicePrincipals, 0]
];
var ListChildrenRequest$ = [3, n0, _LCR,
    0,
    [_PIa, _CTh, _NT, _MR],
    [0, 0, 0, 1], 2
];
var ListChildrenResponse$ = [3, n0, _LCRi,
    0,
    [_Ch, _NT],
    [() => Children, 0]
];
var ListCreateAccountStatusRequest$ = [3, n0, _LCASR,
    0,
    [_Sta, _NT, _MR],
    [64 | 0, 0, 1]
];
var ListCreateAccountStatusResponse$ = [3, n0, _LCASRi,
    0,
    [_CASr, _NT],
    [[() => CreateAccountStatuses, 0], 0]
];
var ListDelegatedAdministratorsRequest$ = [3, n0, _LDAR,
    0,
    [_SP, _NT, _MR],
    [0, 0, 1]
];
var ListDelegatedAdministratorsResponse$ = [3, n0, _LDARi,
    0,
    [_DAe, _NT],
    [[() => DelegatedAdministrators, 0], 0]
];
var ListDelegatedServicesForAccountRequest$ = [3, n0, _LDSFAR,
    0,
    [_AI, _NT, _MR],
    [0, 0, 1], 1
];
var ListDelegatedServicesForAccountResponse$ = [3, n0, _LDSFARi,
    0,
    [_DSe, _NT],
    [() => DelegatedServices, 0]
];
var ListEffectivePolicyValidationErrorsRequest$ = [3, n0, _LEPVER,
    0,
    [_AI, _PT, _NT, _MR],
    [0, 0, 0, 1], 2
];
var ListEffectivePolicyValidationErrorsResponse$ = [3, n0, _LEPVERi,
    0,
    [_AI, _PT, _Pat, _ETv, _NT, _EPVEf],
    [0, 0, 0, 4, 0, () => EffectivePolicyValidationErrors]
];
var ListHandshakesForAccountRequest$ = [3, n0, _LHFAR,
    0,
    [_F, _NT, _MR],
    [() => HandshakeFilter$, 0, 1]
];
var ListHandshakesForAccountResponse$ = [3, n0, _LHFARi,
    0,
    [_Ha, _NT],
    [[() => Handshakes, 0], 0]
];
var ListHandshakesForOrganizationRequest$ = [3, n0, _LHFOR,
    0,
    [_F, _NT, _MR],
    [() => HandshakeFilter$, 0, 1]
];
var ListHandshakesForOrganizationResponse$ = [3, n0, _LHFORi,
    0,
    [_Ha, _NT],
    [[() => Handshakes, 0], 0]
];
var ListInboundResponsibilityTransfersRequest$ = [3, n0, _LIRTR,
    0,
    [_T, _I, _NT, _MR],
    [0, 0, 0, 1], 1
];
var ListInboundResponsibilityTransfersResponse$ = [3, n0, _LIRTRi,
    0,
    [_RTes, _NT],
    [[() => ResponsibilityTransfers, 0], 0]
];
var ListOrganizationalUnitsForParentRequest$ = [3, n0, _LOUFPR,
    0,
    [_PIa, _NT, _MR],
    [0, 0, 1], 1
];
var ListOrganizationalUnitsForParentResponse$ = [3, n0, _LOUFPRi,
    0,
    [_OUr, _NT],
    [() => OrganizationalUnits, 0]
];
var ListOutboundResponsibilityTransfersRequest$ = [3, n0, _LORTR,
    0,
    [_T, _NT, _MR],
    [0, 0, 1], 1
];
var ListOutboundResponsibilityTransfersResponse$ = [3, n0, _LORTRi,
    0,
    [_RTes, _NT],
    [[() => ResponsibilityTransfers, 0], 0]
];
var ListParentsRequest$ = [3, n0, _LPR,
    0,
    [_CI, _NT, _MR],
    [0, 0, 1], 1
];
var ListParentsResponse$ = [3, n0, _LPRi,
    0,
    [_Par, _NT],
    [() => Parents, 0]
];
var ListPoliciesForTargetRequest$ = [3, n0, _LPFTR,
    0,
    [_TI, _F, _NT, _MR],
    [0, 0, 0, 1], 2
];
var ListPoliciesForTargetResponse$ = [3, n0, _LPFTRi,
    0,
    [_Pol, _NT],
    [() => Policies, 0]
];
var ListPoliciesRequest$ = [3, n0, _LPRis,
    0,
    [_F, _NT, _MR],
    [0, 0, 1], 1
];
var ListPoliciesResponse$ = [3, n0, _LPRist,
    0,
    [_Pol, _NT],
    [() => Policies, 0]
];
var ListRootsRequest$ = [3, n0, _LRR,
    0,
    [_NT, _MR],
    [0, 1]
];
var ListRootsResponse$ = [3, n0, _LRRi,
    0,
    [_Roo, _NT],
    [() => Roots, 0]
];
var ListTagsForResourceRequest$ = [3, n0, _LTFRR,
    0,
    [_RIe, _NT],
    [0, 0], 1
];
var ListTagsForResourceResponse$ = [3, n0, _LTFRRi,
    0,
    [_Ta, _NT],
    [() => Tags, 0]
];
var ListTargetsForPolicyRequest$ = [3, n0, _LTFPR,
    0,
    [_PI, _NT, _MR],
    [0, 0, 1], 1
];
var ListTargetsForPolicyResponse$ = [3, n0, _LTFPRi,
    0,
    [_Targ, _NT],
    [() => PolicyTargets, 0]
];
var MoveAccountRequest$ = [3, n0, _MAR,
    0,
    [_AI, _SPI, _DPI],
    [0, 0, 0], 3
];
var Organization$ = [3, n0, _O,
    0,
    [_I, _Ar, _FS, _MAA, _MAI, _MAE, _APT],
    [0, 0, 0, 0, 0, [() => Email, 0], () => PolicyTypes]
];
var OrganizationalUnit$ = [3, n0, _OU,
    0,
    [_I, _Ar, _N, _Pat],
    [0, 0, 0, 0]
];
var Parent$ = [3, n0, _Pare,
    0,
    [_I, _T],
    [0, 0]
];
var Policy$ = [3, n0, _Po,
    0,
    [_PS, _Co],
    [() => PolicySummary$, 0]
];
var PolicySummary$ = [3, n0, _PS,
    0,
    [_I, _Ar, _N, _D, _T, _AM],
    [0, 0, 0, 0, 0, 2]
];
var PolicyTargetSummary$ = [3, n0, _PTS,
    0,
    [_TI, _Ar, _N, _T],
    [0, 0, 0, 0]
];
var PolicyTypeSummary$ = [3, n0, _PTSo,
    0,
    [_T, _S],
    [0, 0]
];
var PutResourcePolicyRequest$ = [3, n0, _PRPR,
    0,
    [_Co, _Ta],
    [0, () => Tags], 1
];
var PutResourcePolicyResponse$ = [3, n0, _PRPRu,
    0,
    [_RP],
    [() => ResourcePolicy$]
];
var RegisterDelegatedAdministratorRequest$ = [3, n0, _RDAR,
    0,
    [_AI, _SP],
    [0, 0], 2
];
var RemoveAccountFromOrganizationRequest$ = [3, n0, _RAFOR,
    0,
    [_AI],
    [0], 1
];
var ResourcePolicy$ = [3, n0, _RP,
    0,
    [_RPS, _Co],
    [() => ResourcePolicySummary$, 0]
];
var ResourcePolicySummary$ = [3, n0, _RPS,
    0,
    [_I, _Ar],
    [0, 0]
];
var ResponsibilityTransfer$ = [3, n0, _RTe,
    0,
    [_Ar, _N, _I, _T, _S, _So, _Tar, _ST, _ETn, _AHI],
    [0, [() => ResponsibilityTransferName, 0], 0, 0, 0, [() => TransferParticipant$, 0], [() => TransferParticipant$, 0], 4, 4, 0]
];
var Root$ = [3, n0, _Ro,
    0,
    [_I, _Ar, _N, _PTo],
    [0, 0, 0, () => PolicyTypes]
];
var Tag$ = [3, n0, _Tag,
    0,
    [_K, _V],
    [0, 0], 2
];
var TagResourceRequest$ = [3, n0, _TRR,
    0,
    [_RIe, _Ta],
    [0, () => Tags], 2
];
var TerminateResponsibilityTransferRequest$ = [3, n0, _TRTR,
    0,
    [_I, _ETn],
    [0, 4], 1
];
var TerminateResponsibilityTransferResponse$ = [3, n0, _TRTRe,
    0,
    [_RTe],
    [[() => ResponsibilityTransfer$, 0]]
];
var TransferParticipant$ = [3, n0, _TP,
    0,
    [_MAIa, _MAEa],
    [0, [() => Email, 0]]
];
var UntagResourceRequest$ = [3, n0, _URR,
    0,
    [_RIe, _TK],
    [0, 64 | 0], 2
];
var UpdateOrganizationalUnitRequest$ = [3, n0, _UOUR,
    0,
    [_OUI, _N],
    [0, 0], 1
];
var UpdateOrganizationalUnitResponse$ = [3, n0, _UOURp,
    0,
    [_OU],
    [() => OrganizationalUnit$]
];
var UpdatePolicyRequest$ = [3, n0, _UPR,
    0,
    [_PI, _N, _D, _Co],
    [0, 0, 0, 0], 1
];
var UpdatePolicyResponse$ = [3, n0, _UPRp,
    0,
    [_Po],
    [() => Policy$]
];
var UpdateResponsibilityTransferRequest$ = [3, n0, _URTR,
    0,
    [_I, _N],
    [0, [() => ResponsibilityTransferName, 0]], 2
];
var UpdateResponsibilityTransferResponse$ = [3, n0, _URTRp,
    0,
    [_RTe],
    [[() => ResponsibilityTransfer$, 0]]
];
var __Unit = "unit";
var Accounts = [1, n0, _Acc,
    0, [() => Account$,
        0]
];
var Children = [1, n0, _Ch,
    0, () => Child$
];
var CreateAccountStatuses = [1, n0, _CASr,
    0, [() => CreateAccountStatus$,
        0]
];
var DelegatedAdministrators = [1, n0, _DAe,
    0, [() => DelegatedAdministrator$,
        0]
];
var DelegatedServices = [1, n0, _DSe,
    0, () => DelegatedService$
];
var EffectivePolicyValidationErrors = [1, n0, _EPVEf,
    0, () => EffectivePolicyValidationError$
];
var EnabledServicePrincipals = [1, n0, _ESPn,
    0, () => EnabledServicePrincipal$
];
var HandshakeParties = [1, n0, _HPa,
    0, [() => HandshakeParty$,
        0]
];
var HandshakeResources = [1, n0, _HRa,
    0, [() => HandshakeResource$,
        0]
];
var Handshakes = [1, n0, _Ha,
    0, [() => Handshake$,
        0]
];
var OrganizationalUnits = [1, n0, _OUr,
    0, () => OrganizationalUnit$
];
var Parents = [1, n0, _Par,
    0, () => Parent$
];
var Policies = [1, n0, _Pol,
    0, () => PolicySummary$
];
var PolicyTargets = [1, n0, _PTol,
    0, () => PolicyTargetSummary$
];
var PolicyTypes = [1, n0, _PTo,
    0, () => PolicyTypeSummary$
];
var ResponsibilityTransfers = [1, n0, _RTes,
    0, [() => ResponsibilityTransfer$,
        0]
];
var Roots = [1, n0, _Roo,
    0, () => Root$
];
var Tags = [1, n0, _Ta,
    0, () => Tag$
];
var AcceptHandshake$ = [9, n0, _AH,
    0, () => AcceptHandshakeRequest$, () => AcceptHandshakeResponse$
];
var AttachPolicy$ = [9, n0, _AP,
    0, () => AttachPolicyRequest$, () => __Unit
];
var CancelHandshake$ = [9, n0, _CH,
    0, () => CancelHandshakeRequest$, () => CancelHandshakeResponse$
];
var CloseAccount$ = [9, n0, _CA,
    0, () => CloseAccountRequest$, () => __Unit
];
var CreateAccount$ = [9, n0, _CAr,
    0, () => CreateAccountRequest$, () => CreateAccountResponse$
];
var CreateGovCloudAccount$ = [9, n0, _CGCA,
    0, () => CreateGovCloudAccountRequest$, () => CreateGovCloudAccountResponse$
];
var CreateOrganization$ = [9, n0, _CO,
    0, () => CreateOrganizationRequest$, () => CreateOrganizationResponse$
];
var CreateOrganizationalUnit$ = [9, n0, _COU,
    0, () => CreateOrganizationalUnitRequest$, () => CreateOrganizationalUnitResponse$
];
var CreatePolicy$ = [9, n0, _CPr,
    0, () => CreatePolicyRequest$, () => CreatePolicyResponse$
];
var DeclineHandshake$ = [9, n0, _DH,
    0, () => DeclineHandshakeRequest$, () => DeclineHandshakeResponse$
];
var DeleteOrganization$ = [9, n0, _DO,
    0, () => __Unit, () => __Unit
];
var DeleteOrganizationalUnit$ = [9, n0, _DOU,
    0, () => DeleteOrganizationalUnitRequest$, () => __Unit
];
var DeletePolicy$ = [9, n0, _DP,
    0, () => DeletePolicyRequest$, () => __Unit
];
var DeleteResourcePolicy$ = [9, n0, _DRP,
    0, () => __Unit, () => __Unit
];
var DeregisterDelegatedAdministrator$ = [9, n0, _DDA,
    0, () => DeregisterDelegatedAdministratorRequest$, () => __Unit
];
var DescribeAccount$ = [9, n0, _DAes,
    0, () => DescribeAccountRequest$, () => DescribeAccountResponse$
];
var DescribeCreateAccountStatus$ = [9, n0, _DCAS,
    0, () => DescribeCreateAccountStatusRequest$, () => DescribeCreateAccountStatusResponse$
];
var DescribeEffectivePolicy$ = [9, n0, _DEP,
    0, () => DescribeEffectivePolicyRequest$, () => DescribeEffectivePolicyResponse$
];
var DescribeHandshake$ = [9, n0, _DHe,
    0, () => DescribeHandshakeRequest$, () => DescribeHandshakeResponse$
];
var DescribeOrganization$ = [9, n0, _DOe,
    0, () => __Unit, () => DescribeOrganizationResponse$
];
var DescribeOrganizationalUnit$ = [9, n0, _DOUe,
    0, () => DescribeOrganizationalUnitRequest$, () => DescribeOrganizationalUnitResponse$
];
var DescribePolicy$ = [9, n0, _DPe,
    0, () => DescribePolicyRequest$, () => DescribePolicyResponse$
];
var DescribeResourcePolicy$ = [9, n0, _DRPe,
    0, () => __Unit, () => DescribeResourcePolicyResponse$
];
var DescribeResponsibilityTransfer$ = [9, n0, _DRT,
    0, () => DescribeResponsibilityTransferRequest$, () => DescribeResponsibilityTransferResponse$
];
var DetachPolicy$ = [9, n0, _DPet,
    0, () => DetachPolicyRequest$, () => __Unit
];
var DisableAWSServiceAccess$ = [9, n0, _DAWSSA,
    0, () => DisableAWSServiceAccessRequest$, () => __Unit
];
var DisablePolicyType$ = [9, n0, _DPT,
    0, () => DisablePolicyTypeRequest$, () => DisablePolicyTypeResponse$
];
var EnableAllFeatures$ = [9, n0, _EAF,
    0, () => EnableAllFeaturesRequest$, () => EnableAllFeaturesResponse$
];
var EnableAWSServiceAccess$ = [9, n0, _EAWSSA,
    0, () => EnableAWSServiceAccessRequest$, () => __Unit
];
var EnablePolicyType$ = [9, n0, _EPT,
    0, () => EnablePolicyTypeRequest$, () => EnablePolicyTypeResponse$
];
var InviteAccountToOrganization$ = [9, n0, _IATO,
    0, () => InviteAccountToOrganizationRequest$, () => InviteAccountToOrganizationResponse$
];
var InviteOrganizationToTransferResponsibility$ = [9, n0, _IOTTR,
    0, () => InviteOrganizationToTransferResponsibilityRequest$, () => InviteOrganizationToTransferResponsibilityResponse$
];
var LeaveOrganization$ = [9, n0, _LO,
    0, () => __Unit, () => __Unit
];
var ListAccounts$ = [9, n0, _LA,
    0, () => ListAccountsRequest$, () => ListAccountsResponse$
];
var ListAccountsForParent$ = [9, n0, _LAFP,
    0, () => ListAccountsForParentRequest$, () => ListAccountsForParentResponse$
];
var ListAccountsWithInvalidEffectivePolicy$ = [9, n0, _LAWIEP,
    0, () => ListAccountsWithInvalidEffectivePolicyRequest$, () => ListAccountsWithInvalidEffectivePolicyResponse$
];
var ListAWSServiceAccessForOrganization$ = [9, n0, _LAWSSAFO,
    0, () => ListAWSServiceAccessForOrganizationRequest$, () => ListAWSServiceAccessForOrganizationResponse$
];
var ListChildren$ = [9, n0, _LC,
    0, () => ListChildrenRequest$, () => ListChildrenResponse$
];
var ListCreateAccountStatus$ = [9, n0, _LCAS,
    0, () => ListCreateAccountStatusRequest$, () => ListCreateAccountStatusResponse$
];
var ListDelegatedAdministrators$ = [9, n0, _LDA,
    0, () => ListDelegatedAdministratorsRequest$, () => ListDelegatedAdministratorsResponse$
];
var ListDelegatedServicesForAccount$ = [9, n0, _LDSFA,
    0, () => ListDelegatedServicesForAccountRequest$, () => ListDelegatedServicesForAccountResponse$
];
var ListEffectivePolicyValidationErrors$ = [9, n0, _LEPVE,
    0, () => ListEffectivePolicyValidationErrorsRequest$, () => ListEffectivePolicyValidationErrorsResponse$
];
var ListHandshakesForAccount$ = [9, n0, _LHFA,
    0, () => ListHandshakesForAccountRequest$, () => ListHandshakesForAccountResponse$
];
var ListHandshakesForOrganization$ = [9, n0, _LHFO,
    0, () => ListHandshakesForOrganizationRequest$, () => ListHandshakesForOrganizationResponse$
];
var ListInboundResponsibilityTransfers$ = [9, n0, _LIRT,
    0, () => ListInboundResponsibilityTransfersRequest$, () => ListInboundResponsibilityTransfersResponse$
];
var ListOrganizationalUnitsForParent$ = [9, n0, _LOUFP,
    0, () => ListOrganizationalUnitsForParentRequest$, () => ListOrganizationalUnitsForParentResponse$
];
var ListOutboundResponsibilityTransfers$ = [9, n0, _LORT,
    0, () => ListOutboundResponsibilityTransfersRequest$, () => ListOutboundResponsibilityTransfersResponse$
];
var ListParents$ = [9, n0, _LP,
    0, () => ListParentsRequest$, () => ListParentsResponse$
];
var ListPolicies$ = [9, n0, _LPi,
    0, () => ListPoliciesRequest$, () => ListPoliciesResponse$
];
var ListPoliciesForTarget$ = [9, n0, _LPFT,
    0, () => ListPoliciesForTargetRequest$, () => ListPoliciesForTargetResponse$
];
var ListRoots$ = [9, n0, _LR,
    0, () => ListRootsRequest$, () => ListRootsResponse$
];
var ListTagsForResource$ = [9, n0, _LTFR,
    0, () => ListTagsForResourceRequest$, () => ListTagsForResourceResponse$
];
var ListTargetsForPolicy$ = [9, n0, _LTFP,
    0, () => ListTargetsForPolicyRequest$, () => ListTargetsForPolicyResponse$
];
var MoveAccount$ = [9, n0, _MA,
    0, () => MoveAccountRequest$, () => __Unit
];
var PutResourcePolicy$ = [9, n0, _PRP,
    0, () => PutResourcePolicyRequest$, () => PutResourcePolicyResponse$
];
var RegisterDelegatedAdministrator$ = [9, n0, _RDA,
    0, () => RegisterDelegatedAdministratorRequest$, () => __Unit
];
var RemoveAccountFromOrganization$ = [9, n0, _RAFO,
    0, () => RemoveAccountFromOrganizationRequest$, () => __Unit
];
var TagResource$ = [9, n0, _TR,
    0, () => TagResourceRequest$, () => __Unit
];
var TerminateResponsibilityTransfer$ = [9, n0, _TRT,
    0, () => TerminateResponsibilityTransferRequest$, () => TerminateResponsibilityTransferResponse$
];
var UntagResource$ = [9, n0, _UR,
    0, () => UntagResourceRequest$, () => __Unit
];
var UpdateOrganizationalUnit$ = [9, n0, _UOU,
    0, () => UpdateOrganizationalUnitRequest$, () => UpdateOrganizationalUnitResponse$
];
var UpdatePolicy$ = [9, n0, _UP,
    0, () => UpdatePolicyRequest$, () => UpdatePolicyResponse$
];
var UpdateResponsibilityTransfer$ = [9, n0, _URT,
    0, () => UpdateResponsibilityTransferRequest$, () => UpdateResponsibilityTransferResponse$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2016-11-28",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultOrganizationsHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsJson1_1Protocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.organizations",
            errorTypeRegistries,
            xmlNamespace: "http://organizations.amazonaws.com/doc/2016-11-28/",
            version: "2016-11-28",
            serviceTarget: "AWSOrganizationsV20161128",
        },
        serviceId: config?.serviceId ?? "Organizations",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttpHandler.create(config?.requestHandler ?? defaultConfigProvider),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class OrganizationsClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveHttpAuthSchemeConfig(_config_6);
        const _config_8 = resolveRuntimeExtensions(_config_7, configuration?.extensions || []);
        this.config = _config_8;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultOrganizationsHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AWSOrganizationsV20161128", "OrganizationsClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];

class AcceptHandshakeCommand extends command(_ep0, _mw0, "AcceptHandshake", AcceptHandshake$) {
}

class AttachPolicyCommand extends command(_ep0, _mw0, "AttachPolicy", AttachPolicy$) {
}

class CancelHandshakeCommand extends command(_ep0, _mw0, "CancelHandshake", CancelHandshake$) {
}

class CloseAccountCommand extends command(_ep0, _mw0, "CloseAccount", CloseAccount$) {
}

class CreateAccountCommand extends command(_ep0, _mw0, "CreateAccount", CreateAccount$) {
}

class CreateGovCloudAccountCommand extends command(_ep0, _mw0, "CreateGovCloudAccount", CreateGovCloudAccount$) {
}

class CreateOrganizationalUnitCommand extends command(_ep0, _mw0, "CreateOrganizationalUnit", CreateOrganizationalUnit$) {
}

class CreateOrganizationCommand extends command(_ep0, _mw0, "CreateOrganization", CreateOrganization$) {
}

class CreatePolicyCommand extends command(_ep0, _mw0, "CreatePolicy", CreatePolicy$) {
}

class DeclineHandshakeCommand extends command(_ep0, _mw0, "DeclineHandshake", DeclineHandshake$) {
}

class DeleteOrganizationalUnitCommand extends command(_ep0, _mw0, "DeleteOrganizationalUnit", DeleteOrganizationalUnit$) {
}

class DeleteOrganizationCommand extends command(_ep0, _mw0, "DeleteOrganization", DeleteOrganization$) {
}

class DeletePolicyCommand extends command(_ep0, _mw0, "DeletePolicy", DeletePolicy$) {
}

class DeleteResourcePolicyCommand extends command(_ep0, _mw0, "DeleteResourcePolicy", DeleteResourcePolicy$) {
}

class DeregisterDelegatedAdministratorCommand extends command(_ep0, _mw0, "DeregisterDelegatedAdministrator", DeregisterDelegatedAdministrator$) {
}

class DescribeAccountCommand extends command(_ep0, _mw0, "DescribeAccount", DescribeAccount$) {
}

class DescribeCreateAccountStatusCommand extends command(_ep0, _mw0, "DescribeCreateAccountStatus", DescribeCreateAccountStatus$) {
}

class DescribeEffectivePolicyCommand extends command(_ep0, _mw0, "DescribeEffectivePolicy", DescribeEffectivePolicy$) {
}

class DescribeHandshakeCommand extends command(_ep0, _mw0, "DescribeHandshake", DescribeHandshake$) {
}

class DescribeOrganizationalUnitCommand extends command(_ep0, _mw0, "DescribeOrganizationalUnit", DescribeOrganizationalUnit$) {
}

class DescribeOrganizationCommand extends command(_ep0, _mw0, "DescribeOrganization", DescribeOrganization$) {
}

class DescribePolicyCommand extends command(_ep0, _mw0, "DescribePolicy", DescribePolicy$) {
}

class DescribeResourcePolicyCommand extends command(_ep0, _mw0, "DescribeResourcePolicy", DescribeResourcePolicy$) {
}

class DescribeResponsibilityTransferCommand extends command(_ep0, _mw0, "DescribeResponsibilityTransfer", DescribeResponsibilityTransfer$) {
}

class DetachPolicyCommand extends command(_ep0, _mw0, "DetachPolicy", DetachPolicy$) {
}

class DisableAWSServiceAccessCommand extends command(_ep0, _mw0, "DisableAWSServiceAccess", DisableAWSServiceAccess$) {
}

class DisablePolicyTypeCommand extends command(_ep0, _mw0, "DisablePolicyType", DisablePolicyType$) {
}

class EnableAllFeaturesCommand extends command(_ep0, _mw0, "EnableAllFeatures", EnableAllFeatures$) {
}

class EnableAWSServiceAccessCommand extends command(_ep0, _mw0, "EnableAWSServiceAccess", EnableAWSServiceAccess$) {
}

class EnablePolicyTypeCommand extends command(_ep0, _mw0, "EnablePolicyType", EnablePolicyType$) {
}

class InviteAccountToOrganizationCommand extends command(_ep0, _mw0, "InviteAccountToOrganization", InviteAccountToOrganization$) {
}

class InviteOrganizationToTransferResponsibilityCommand extends command(_ep0, _mw0, "InviteOrganizationToTransferResponsibility", InviteOrganizationToTransferResponsibility$) {
}

class LeaveOrganizationCommand extends command(_ep0, _mw0, "LeaveOrganization", LeaveOrganization$) {
}

class ListAccountsCommand extends command(_ep0, _mw0, "ListAccounts", ListAccounts$) {
}

class ListAccountsForParentCommand extends command(_ep0, _mw0, "ListAccountsForParent", ListAccountsForParent$) {
}

class ListAccountsWithInvalidEffectivePolicyCommand extends command(_ep0, _mw0, "ListAccountsWithInvalidEffectivePolicy", ListAccountsWithInvalidEffectivePolicy$) {
}

class ListAWSServiceAccessForOrganizationCommand extends command(_ep0, _mw0, "ListAWSServiceAccessForOrganization", ListAWSServiceAccessForOrganization$) {
}

class ListChildrenCommand extends command(_ep0, _mw0, "ListChildren", ListChildren$) {
}

class ListCreateAccountStatusCommand extends command(_ep0, _mw0, "ListCreateAccountStatus", ListCreateAccountStatus$) {
}

class ListDelegatedAdministratorsCommand extends command(_ep0, _mw0, "ListDelegatedAdministrators", ListDelegatedAdministrators$) {
}

class ListDelegatedServicesForAccountCommand extends command(_ep0, _mw0, "ListDelegatedServicesForAccount", ListDelegatedServicesForAccount$) {
}

class ListEffectivePolicyValidationErrorsCommand extends command(_ep0, _mw0, "ListEffectivePolicyValidationErrors", ListEffectivePolicyValidationErrors$) {
}

class ListHandshakesForAccountCommand extends command(_ep0, _mw0, "ListHandshakesForAccount", ListHandshakesForAccount$) {
}

class ListHandshakesForOrganizationCommand extends command(_ep0, _mw0, "ListHandshakesForOrganization", ListHandshakesForOrganization$) {
}

class ListInboundResponsibilityTransfersCommand extends command(_ep0, _mw0, "ListInboundResponsibilityTransfers", ListInboundResponsibilityTransfers$) {
}

class ListOrganizationalUnitsForParentCommand extends command(_ep0, _mw0, "ListOrganizationalUnitsForParent", ListOrganizationalUnitsForParent$) {
}

class ListOutboundResponsibilityTransfersCommand extends command(_ep0, _mw0, "ListOutboundResponsibilityTransfers", ListOutboundResponsibilityTransfers$) {
}

class ListParentsCommand extends command(_ep0, _mw0, "ListParents", ListParents$) {
}

class ListPoliciesCommand extends command(_ep0, _mw0, "ListPolicies", ListPolicies$) {
}

class ListPoliciesForTargetCommand extends command(_ep0, _mw0, "ListPoliciesForTarget", ListPoliciesForTarget$) {
}

class ListRootsCommand extends command(_ep0, _mw0, "ListRoots", ListRoots$) {
}

class ListTagsForResourceCommand extends command(_ep0, _mw0, "ListTagsForResource", ListTagsForResource$) {
}

class ListTargetsForPolicyCommand extends command(_ep0, _mw0, "ListTargetsForPolicy", ListTargetsForPolicy$) {
}

class MoveAccountCommand extends command(_ep0, _mw0, "MoveAccount", MoveAccount$) {
}

class PutResourcePolicyCommand extends command(_ep0, _mw0, "PutResourcePolicy", PutResourcePolicy$) {
}

class RegisterDelegatedAdministratorCommand extends command(_ep0, _mw0, "RegisterDelegatedAdministrator", RegisterDelegatedAdministrator$) {
}

class RemoveAccountFromOrganizationCommand extends command(_ep0, _mw0, "RemoveAccountFromOrganization", RemoveAccountFromOrganization$) {
}

class TagResourceCommand extends command(_ep0, _mw0, "TagResource", TagResource$) {
}

class TerminateResponsibilityTransferCommand extends command(_ep0, _mw0, "TerminateResponsibilityTransfer", TerminateResponsibilityTransfer$) {
}

class UntagResourceCommand extends command(_ep0, _mw0, "UntagResource", UntagResource$) {
}

class UpdateOrganizationalUnitCommand extends command(_ep0, _mw0, "UpdateOrganizationalUnit", UpdateOrganizationalUnit$) {
}

class UpdatePolicyCommand extends command(_ep0, _mw0, "UpdatePolicy", UpdatePolicy$) {
}

class UpdateResponsibilityTransferCommand extends command(_ep0, _mw0, "UpdateResponsibilityTransfer", UpdateResponsibilityTransfer$) {
}

const paginateListAccountsForParent = createPaginator(OrganizationsClient, ListAccountsForParentCommand, "NextToken", "NextToken", "MaxResults");

const paginateListAccounts = createPaginator(OrganizationsClient, ListAccountsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListAccountsWithInvalidEffectivePolicy = createPaginator(OrganizationsClient, ListAccountsWithInvalidEffectivePolicyCommand, "NextToken", "NextToken", "MaxResults");

const paginateListAWSServiceAccessForOrganization = createPaginator(OrganizationsClient, ListAWSServiceAccessForOrganizationCommand, "NextToken", "NextToken", "MaxResults");

const paginateListChildren = createPaginator(OrganizationsClient, ListChildrenCommand, "NextToken", "NextToken", "MaxResults");

const paginateListCreateAccountStatus = createPaginator(OrganizationsClient, ListCreateAccountStatusCommand, "NextToken", "NextToken", "MaxResults");

const paginateListDelegatedAdministrators = createPaginator(OrganizationsClient, ListDelegatedAdministratorsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListDelegatedServicesForAccount = createPaginator(OrganizationsClient, ListDelegatedServicesForAccountCommand, "NextToken", "NextToken", "MaxResults");

const paginateListEffectivePolicyValidationErrors = createPaginator(OrganizationsClient, ListEffectivePolicyValidationErrorsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListHandshakesForAccount = createPaginator(OrganizationsClient, ListHandshakesForAccountCommand, "NextToken", "NextToken", "MaxResults");

const paginateListHandshakesForOrganization = createPaginator(OrganizationsClient, ListHandshakesForOrganizationCommand, "NextToken", "NextToken", "MaxResults");

const paginateListOrganizationalUnitsForParent = createPaginator(OrganizationsClient, ListOrganizationalUnitsForParentCommand, "NextToken", "NextToken", "MaxResults");

const paginateListParents = createPaginator(OrganizationsClient, ListParentsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListPoliciesForTarget = createPaginator(OrganizationsClient, ListPoliciesForTargetCommand, "NextToken", "NextToken", "MaxResults");

const paginateListPolicies = createPaginator(OrganizationsClient, ListPoliciesCommand, "NextToken", "NextToken", "MaxResults");

const paginateListRoots = createPaginator(OrganizationsClient, ListRootsCommand, "NextToken", "NextToken", "MaxResults");

const paginateListTagsForResource = createPaginator(OrganizationsClient, ListTagsForResourceCommand, "NextToken", "NextToken", "");

const paginateListTargetsForPolicy = createPaginator(OrganizationsClient, ListTargetsForPolicyCommand, "NextToken", "NextToken", "MaxResults");

const commands = {
    AcceptHandshakeCommand,
    AttachPolicyCommand,
    CancelHandshakeCommand,
    CloseAccountCommand,
    CreateAccountCommand,
    CreateGovCloudAccountCommand,
    CreateOrganizationCommand,
    CreateOrganizationalUnitCommand,
    CreatePolicyCommand,
    DeclineHandshakeCommand,
    DeleteOrganizationCommand,
    DeleteOrganizationalUnitCommand,
    DeletePolicyCommand,
    DeleteResourcePolicyCommand,
    DeregisterDelegatedAdministratorCommand,
    DescribeAccountCommand,
    DescribeCreateAccountStatusCommand,
    DescribeEffectivePolicyCommand,
    DescribeHandshakeCommand,
    DescribeOrganizationCommand,
    DescribeOrganizationalUnitCommand,
    DescribePolicyCommand,
    DescribeResourcePolicyCommand,
    DescribeResponsibilityTransferCommand,
    DetachPolicyCommand,
    DisableAWSServiceAccessCommand,
    DisablePolicyTypeCommand,
    EnableAllFeaturesCommand,
    EnableAWSServiceAccessCommand,
    EnablePolicyTypeCommand,
    InviteAccountToOrganizationCommand,
    InviteOrganizationToTransferResponsibilityCommand,
    LeaveOrganizationCommand,
    ListAccountsCommand,
    ListAccountsForParentCommand,
    ListAccountsWithInvalidEffectivePolicyCommand,
    ListAWSServiceAccessForOrganizationCommand,
    ListChildrenCommand,
    ListCreateAccountStatusCommand,
    ListDelegatedAdministratorsCommand,
    ListDelegatedServicesForAccountCommand,
    ListEffectivePolicyValidationErrorsCommand,
    ListHandshakesForAccountCommand,
    ListHandshakesForOrganizationCommand,
    ListInboundResponsibilityTransfersCommand,
    ListOrganizationalUnitsForParentCommand,
    ListOutboundResponsibilityTransfersCommand,
    ListParentsCommand,
    ListPoliciesCommand,
    ListPoliciesForTargetCommand,
    ListRootsCommand,
    ListTagsForResourceCommand,
    ListTargetsForPolicyCommand,
    MoveAccountCommand,
    PutResourcePolicyCommand,
    RegisterDelegatedAdministratorCommand,
    RemoveAccountFromOrganizationCommand,
    TagResourceCommand,
    TerminateResponsibilityTransferCommand,
    UntagResourceCommand,
    UpdateOrganizationalUnitCommand,
    UpdatePolicyCommand,
    UpdateResponsibilityTransferCommand,
};
const paginators = {
    paginateListAccounts,
    paginateListAccountsForParent,
    paginateListAccountsWithInvalidEffectivePolicy,
    paginateListAWSServiceAccessForOrganization,
    paginateListChildren,
    paginateListCreateAccountStatus,
    paginateListDelegatedAdministrators,
    paginateListDelegatedServicesForAccount,
    paginateListEffectivePolicyValidationErrors,
    paginateListHandshakesForAccount,
    paginateListHandshakesForOrganization,
    paginateListOrganizationalUnitsForParent,
    paginateListParents,
    paginateListPolicies,
    paginateListPoliciesForTarget,
    paginateListRoots,
    paginateListTagsForResource,
    paginateListTargetsForPolicy,
};
class Organizations extends OrganizationsClient {
}
createAggregatedClient(commands, Organizations, { paginators });

const ActionType = {
    ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE: "ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE",
    APPROVE_ALL_FEATURES: "APPROVE_ALL_FEATURES",
    ENABLE_ALL_FEATURES: "ENABLE_ALL_FEATURES",
    INVITE_ACCOUNT_TO_ORGANIZATION: "INVITE",
    TRANSFER_RESPONSIBILITY: "TRANSFER_RESPONSIBILITY",
};
const HandshakePartyType = {
    ACCOUNT: "ACCOUNT",
    EMAIL: "EMAIL",
    ORGANIZATION: "ORGANIZATION",
};
const HandshakeResourceType = {
    ACCOUNT: "ACCOUNT",
    EMAIL: "EMAIL",
    MANAGEMENT_ACCOUNT: "MANAGEMENT_ACCOUNT",
    MANAGEMENT_EMAIL: "MANAGEMENT_EMAIL",
    MANAGEMENT_NAME: "MANAGEMENT_NAME",
    MASTER_EMAIL: "MASTER_EMAIL",
    MASTER_NAME: "MASTER_NAME",
    NOTES: "NOTES",
    ORGANIZATION: "ORGANIZATION",
    ORGANIZATION_FEATURE_SET: "ORGANIZATION_FEATURE_SET",
    PARENT_HANDSHAKE: "PARENT_HANDSHAKE",
    RESPONSIBILITY_TRANSFER: "RESPONSIBILITY_TRANSFER",
    TRANSFER_START_TIMESTAMP: "TRANSFER_START_TIMESTAMP",
    TRANSFER_TYPE: "TRANSFER_TYPE",
};
const HandshakeState = {
    ACCEPTED: "ACCEPTED",
    CANCELED: "CANCELED",
    DECLINED: "DECLINED",
    EXPIRED: "EXPIRED",
    OPEN: "OPEN",
    REQUESTED: "REQUESTED",
};
const AccessDeniedForDependencyExceptionReason = {
    ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE: "ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE",
};
const ConstraintViolationExceptionReason = {
    ACCOUNT_CANNOT_LEAVE_ORGANIZATION: "ACCOUNT_CANNOT_LEAVE_ORGANIZATION",
    ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA: "ACCOUNT_CANNOT_LEAVE_WITHOUT_EULA",
    ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION: "ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION",
    ACCOUNT_CREATION_NOT_COMPLETE: "ACCOUNT_CREATION_NOT_COMPLETE",
    ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED: "ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED",
    ACCOUNT_NOT_ACTIVE_FOR_TRANSFER_RESPONSIBILITY: "ACCOUNT_NOT_ACTIVE_FOR_TRANSFER_RESPONSIBILITY",
    ACCOUNT_NUMBER_LIMIT_EXCEEDED: "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
    ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS: "ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS",
    ALL_FEATURES_MIGRATION_ORGANIZATION_SIZE_LIMIT_EXCEEDED: "ALL_FEATURES_MIGRATION_ORGANIZATION_SIZE_LIMIT_EXCEEDED",
    CANNOT_CLOSE_MANAGEMENT_ACCOUNT: "CANNOT_CLOSE_MANAGEMENT_ACCOUNT",
    CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR: "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
    CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR: "CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR",
    CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG: "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
    CLOSE_ACCOUNT_QUOTA_EXCEEDED: "CLOSE_ACCOUNT_QUOTA_EXCEEDED",
    CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED: "CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED",
    CREATE_ORGANIZATION_IN_BILLING_MODE_UNSUPPORTED_REGION: "CREATE_ORGANIZATION_IN_BILLING_MODE_UNSUPPORTED_REGION",
    DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE: "DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE",
    EMAIL_VERIFICATION_CODE_EXPIRED: "EMAIL_VERIFICATION_CODE_EXPIRED",
    HANDSHAKE_RATE_LIMIT_EXCEEDED: "HANDSHAKE_RATE_LIMIT_EXCEEDED",
    INVALID_PAYMENT_INSTRUMENT: "INVALID_PAYMENT_INSTRUMENT",
    MASTER_ACCOUNT_ADDRESS_DOES_NOT_MATCH_MARKETPLACE: "MASTER_ACCOUNT_ADDRESS_DOES_NOT_MATCH_MARKETPLACE",
    MASTER_ACCOUNT_MISSING_BUSINESS_LICENSE: "MASTER_ACCOUNT_MISSING_BUSINESS_LICENSE",
    MASTER_ACCOUNT_MISSING_CONTACT_INFO: "MASTER_ACCOUNT_MISSING_CONTACT_INFO",
    MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED: "MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED",
    MASTER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED: "MASTER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED",
    MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED: "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED",
    MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    MAX_TAG_LIMIT_EXCEEDED: "MAX_TAG_LIMIT_EXCEEDED",
    MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED: "MEMBER_ACCOUNT_PAYMENT_INSTRUMENT_REQUIRED",
    MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
    ORGANIZATION_NOT_IN_ALL_FEATURES_MODE: "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
    OU_DEPTH_LIMIT_EXCEEDED: "OU_DEPTH_LIMIT_EXCEEDED",
    OU_NUMBER_LIMIT_EXCEEDED: "OU_NUMBER_LIMIT_EXCEEDED",
    POLICY_CONTENT_LIMIT_EXCEEDED: "POLICY_CONTENT_LIMIT_EXCEEDED",
    POLICY_NUMBER_LIMIT_EXCEEDED: "POLICY_NUMBER_LIMIT_EXCEEDED",
    POLICY_TYPE_ENABLED_FOR_THIS_SERVICE: "POLICY_TYPE_ENABLED_FOR_THIS_SERVICE",
    RESPONSIBILITY_TRANSFER_MAX_INBOUND_QUOTA_VIOLATION: "RESPONSIBILITY_TRANSFER_MAX_INBOUND_QUOTA_VIOLATION",
    RESPONSIBILITY_TRANSFER_MAX_LEVEL_VIOLATION: "RESPONSIBILITY_TRANSFER_MAX_LEVEL_VIOLATION",
    RESPONSIBILITY_TRANSFER_MAX_OUTBOUND_QUOTA_VIOLATION: "RESPONSIBILITY_TRANSFER_MAX_OUTBOUND_QUOTA_VIOLATION",
    RESPONSIBILITY_TRANSFER_MAX_TRANSFERS_QUOTA_VIOLATION: "RESPONSIBILITY_TRANSFER_MAX_TRANSFERS_QUOTA_VIOLATION",
    SERVICE_ACCESS_NOT_ENABLED: "SERVICE_ACCESS_NOT_ENABLED",
    TAG_POLICY_VIOLATION: "TAG_POLICY_VIOLATION",
    TRANSFER_RESPONSIBILITY_SOURCE_DELETION_IN_PROGRESS: "TRANSFER_RESPONSIBILITY_SOURCE_DELETION_IN_PROGRESS",
    TRANSFER_RESPONSIBILITY_TARGET_DELETION_IN_PROGRESS: "TRANSFER_RESPONSIBILITY_TARGET_DELETION_IN_PROGRESS",
    TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED: "TRANSFER_RESPONSIBILITY_UPDATE_NOT_ALLOWED",
    UNMET_BILLING_PREREQUISITE: "UNMET_BILLING_PREREQUISITE",
    UNSUPPORTED_PRICING: "UNSUPPORTED_PRICING",
    WAIT_PERIOD_ACTIVE: "WAIT_PERIOD_ACTIVE",
};
const HandshakeConstraintViolationExceptionReason = {
    ACCOUNT_NUMBER_LIMIT_EXCEEDED: "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
    ALREADY_IN_AN_ORGANIZATION: "ALREADY_IN_AN_ORGANIZATION",
    HANDSHAKE_RATE_LIMIT_EXCEEDED: "HANDSHAKE_RATE_LIMIT_EXCEEDED",
    INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES: "INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES",
    LEGACY_PERMISSIONS_STILL_IN_USE: "LEGACY_PERMISSIONS_STILL_IN_USE",
    MANAGEMENT_ACCOUNT_EMAIL_NOT_VERIFIED: "MANAGEMENT_ACCOUNT_EMAIL_NOT_VERIFIED",
    ORGANIZATION_ALREADY_HAS_ALL_FEATURES: "ORGANIZATION_ALREADY_HAS_ALL_FEATURES",
    ORGANIZATION_FROM_DIFFERENT_SELLER_OF_RECORD: "ORGANIZATION_FROM_DIFFERENT_SELLER_OF_RECORD",
    ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION: "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
    ORGANIZATION_MEMBERSHIP_CHANGE_RATE_LIMIT_EXCEEDED: "ORGANIZATION_MEMBERSHIP_CHANGE_RATE_LIMIT_EXCEEDED",
    PAST_DUE_INVOICE: "PAST_DUE_INVOICE",
    PAYMENT_INSTRUMENT_REQUIRED: "PAYMENT_INSTRUMENT_REQUIRED",
    RESPONSIBILITY_TRANSFER_ALREADY_EXISTS: "RESPONSIBILITY_TRANSFER_ALREADY_EXISTS",
    SOURCE_AND_TARGET_CANNOT_MATCH: "SOURCE_AND_TARGET_CANNOT_MATCH",
    TARGET_ACCOUNT_VALIDATION_FAILURE: "TARGET_ACCOUNT_VALIDATION_FAILURE",
    UNUSED_PREPAYMENT_BALANCE: "UNUSED_PREPAYMENT_BALANCE",
};
const InvalidInputExceptionReason = {
    CALLER_REQUIRED_FIELD_MISSING: "CALLER_REQUIRED_FIELD_MISSING",
    DUPLICATE_TAG_KEY: "DUPLICATE_TAG_KEY",
    END_DATE_NOT_END_OF_MONTH: "END_DATE_NOT_END_OF_MONTH",
    END_DATE_TOO_EARLY: "END_DATE_TOO_EARLY",
    END_DATE_TOO_LATE: "END_DATE_TOO_LATE",
    IMMUTABLE_POLICY: "IMMUTABLE_POLICY",
    INPUT_REQUIRED: "INPUT_REQUIRED",
    INVALID_EMAIL_ADDRESS_TARGET: "INVALID_EMAIL_ADDRESS_TARGET",
    INVALID_END_DATE: "INVALID_END_DATE",
    INVALID_ENUM: "INVALID_ENUM",
    INVALID_ENUM_POLICY_TYPE: "INVALID_ENUM_POLICY_TYPE",
    INVALID_FULL_NAME_TARGET: "INVALID_FULL_NAME_TARGET",
    INVALID_LIST_MEMBER: "INVALID_LIST_MEMBER",
    INVALID_PAGINATION_TOKEN: "INVALID_NEXT_TOKEN",
    INVALID_PARTY_TYPE_TARGET: "INVALID_PARTY_TYPE_TARGET",
    INVALID_PATTERN: "INVALID_PATTERN",
    INVALID_PATTERN_TARGET_ID: "INVALID_PATTERN_TARGET_ID",
    INVALID_PRINCIPAL: "INVALID_PRINCIPAL",
    INVALID_RESOURCE_POLICY_JSON: "INVALID_RESOURCE_POLICY_JSON",
    INVALID_ROLE_NAME: "INVALID_ROLE_NAME",
    INVALID_START_DATE: "INVALID_START_DATE",
    INVALID_SYNTAX_ORGANIZATION: "INVALID_SYNTAX_ORGANIZATION_ARN",
    INVALID_SYNTAX_POLICY: "INVALID_SYNTAX_POLICY_ID",
    INVALID_SYSTEM_TAGS_PARAMETER: "INVALID_SYSTEM_TAGS_PARAMETER",
    MAX_FILTER_LIMIT_EXCEEDED: "MAX_LIMIT_EXCEEDED_FILTER",
    MAX_LENGTH_EXCEEDED: "MAX_LENGTH_EXCEEDED",
    MAX_VALUE_EXCEEDED: "MAX_VALUE_EXCEEDED",
    MIN_LENGTH_EXCEEDED: "MIN_LENGTH_EXCEEDED",
    MIN_VALUE_EXCEEDED: "MIN_VALUE_EXCEEDED",
    MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS: "MOVING_ACCOUNT_BETWEEN_DIFFERENT_ROOTS",
    NON_DETACHABLE_POLICY: "NON_DETACHABLE_POLICY",
    START_DATE_NOT_BEGINNING_OF_DAY: "START_DATE_NOT_BEGINNING_OF_DAY",
    START_DATE_NOT_BEGINNING_OF_MONTH: "START_DATE_NOT_BEGINNING_OF_MONTH",
    START_DATE_TOO_EARLY: "START_DATE_TOO_EARLY",
    START_DATE_TOO_LATE: "START_DATE_TOO_LATE",
    TARGET_NOT_SUPPORTED: "TARGET_NOT_SUPPORTED",
    UNRECOGNIZED_SERVICE_PRINCIPAL: "UNRECOGNIZED_SERVICE_PRINCIPAL",
    UNSUPPORTED_ACTION_IN_RESOURCE_POLICY: "UNSUPPORTED_ACTION_IN_RESOURCE_POLICY",
    UNSUPPORTED_ACTION_IN_RESPONSIBILITY_TRANSFER: "UNSUPPORTED_ACTION_IN_RESPONSIBILITY_TRANSFER",
    UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY: "UNSUPPORTED_POLICY_TYPE_IN_RESOURCE_POLICY",
    UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY: "UNSUPPORTED_RESOURCE_IN_RESOURCE_POLICY",
};
const AccountJoinedMethod = {
    CREATED: "CREATED",
    INVITED: "INVITED",
};
const AccountState = {
    ACTIVE: "ACTIVE",
    CLOSED: "CLOSED",
    PENDING_ACTIVATION: "PENDING_ACTIVATION",
    PENDING_CLOSURE: "PENDING_CLOSURE",
    SUSPENDED: "SUSPENDED",
};
const AccountStatus = {
    ACTIVE: "ACTIVE",
    PENDING_CLOSURE: "PENDING_CLOSURE",
    SUSPENDED: "SUSPENDED",
};
const IAMUserAccessToBilling = {
    ALLOW: "ALLOW",
    DENY: "DENY",
};
const CreateAccountFailureReason = {
    ACCOUNT_LIMIT_EXCEEDED: "ACCOUNT_LIMIT_EXCEEDED",
    CONCURRENT_ACCOUNT_MODIFICATION: "CONCURRENT_ACCOUNT_MODIFICATION",
    EMAIL_ALREADY_EXISTS: "EMAIL_ALREADY_EXISTS",
    FAILED_BUSINESS_VALIDATION: "FAILED_BUSINESS_VALIDATION",
    GOVCLOUD_ACCOUNT_ALREADY_EXISTS: "GOVCLOUD_ACCOUNT_ALREADY_EXISTS",
    INTERNAL_FAILURE: "INTERNAL_FAILURE",
    INVALID_ADDRESS: "INVALID_ADDRESS",
    INVALID_EMAIL: "INVALID_EMAIL",
    INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION",
    INVALID_PAYMENT_INSTRUMENT: "INVALID_PAYMENT_INSTRUMENT",
    MISSING_BUSINESS_VALIDATION: "MISSING_BUSINESS_VALIDATION",
    MISSING_PAYMENT_INSTRUMENT: "MISSING_PAYMENT_INSTRUMENT",
    PENDING_BUSINESS_VALIDATIONv: "PENDING_BUSINESS_VALIDATION",
    UNKNOWN_BUSINESS_VALIDATION: "UNKNOWN_BUSINESS_VALIDATION",
    UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED: "UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED",
};
const CreateAccountState = {
    FAILED: "FAILED",
    IN_PROGRESS: "IN_PROGRESS",
    SUCCEEDED: "SUCCEEDED",
};
const OrganizationFeatureSet = {
    ALL: "ALL",
    CONSOLIDATED_BILLING: "CONSOLIDATED_BILLING",
};
const PolicyTypeStatus = {
    ENABLED: "ENABLED",
    PENDING_DISABLE: "PENDING_DISABLE",
    PENDING_ENABLE: "PENDING_ENABLE",
};
const PolicyType = {
    AISERVICES_OPT_OUT_POLICY: "AISERVICES_OPT_OUT_POLICY",
    BACKUP_POLICY: "BACKUP_POLICY",
    BEDROCK_POLICY: "BEDROCK_POLICY",
    CHATBOT_POLICY: "CHATBOT_POLICY",
    DECLARATIVE_POLICY_EC2: "DECLARATIVE_POLICY_EC2",
    INSPECTOR_POLICY: "INSPECTOR_POLICY",
    NETWORK_SECURITY_DIRECTOR_POLICY: "NETWORK_SECURITY_DIRECTOR_POLICY",
    RESOURCE_CONTROL_POLICY: "RESOURCE_CONTROL_POLICY",
    S3_POLICY: "S3_POLICY",
    SECURITYHUB_POLICY: "SECURITYHUB_POLICY",
    SERVICE_CONTROL_POLICY: "SERVICE_CONTROL_POLICY",
    TAG_POLICY: "TAG_POLICY",
    UPGRADE_ROLLOUT_POLICY: "UPGRADE_ROLLOUT_POLICY",
};
const EffectivePolicyType = {
    AISERVICES_OPT_OUT_POLICY: "AISERVICES_OPT_OUT_POLICY",
    BACKUP_POLICY: "BACKUP_POLICY",
    BEDROCK_POLICY: "BEDROCK_POLICY",
    CHATBOT_POLICY: "CHATBOT_POLICY",
    DECLARATIVE_POLICY_EC2: "DECLARATIVE_POLICY_EC2",
    INSPECTOR_POLICY: "INSPECTOR_POLICY",
    NETWORK_SECURITY_DIRECTOR_POLICY: "NETWORK_SECURITY_DIRECTOR_POLICY",
    S3_POLICY: "S3_POLICY",
    SECURITYHUB_POLICY: "SECURITYHUB_POLICY",
    TAG_POLICY: "TAG_POLICY",
    UPGRADE_ROLLOUT_POLICY: "UPGRADE_ROLLOUT_POLICY",
};
const ResponsibilityTransferStatus = {
    ACCEPTED: "ACCEPTED",
    CANCELED: "CANCELED",
    DECLINED: "DECLINED",
    EXPIRED: "EXPIRED",
    REQUESTED: "REQUESTED",
    WITHDRAWN: "WITHDRAWN",
};
const ResponsibilityTransferType = {
    BILLING: "BILLING",
};
const ChildType = {
    ACCOUNT: "ACCOUNT",
    ORGANIZATIONAL_UNIT: "ORGANIZATIONAL_UNIT",
};
const ParentType = {
    ORGANIZATIONAL_UNIT: "ORGANIZATIONAL_UNIT",
    ROOT: "ROOT",
};
const TargetType = {
    ACCOUNT: "ACCOUNT",
    ORGANIZATIONAL_UNIT: "ORGANIZATIONAL_UNIT",
    ROOT: "ROOT",
};

exports.AWSOrganizationsNotInUseException = AWSOrganizationsNotInUseException;
exports.AWSOrganizationsNotInUseException$ = AWSOrganizationsNotInUseException$;
exports.AcceptHandshake$ = AcceptHandshake$;
exports.AcceptHandshakeCommand = AcceptHandshakeCommand;
exports.AcceptHandshakeRequest$ = AcceptHandshakeRequest$;
exports.AcceptHandshakeResponse$ = AcceptHandshakeResponse$;
exports.AccessDeniedException = AccessDeniedException;
exports.AccessDeniedException$ = AccessDeniedException$;
exports.AccessDeniedForDependencyException = AccessDeniedForDependencyException;
exports.AccessDeniedForDependencyException$ = AccessDeniedForDependencyException$;
exports.AccessDeniedForDependencyExceptionReason = AccessDeniedForDependencyExceptionReason;
exports.Account$ = Account$;
exports.AccountAlreadyClosedException = AccountAlreadyClosedException;
exports.AccountAlreadyClosedException$ = AccountAlreadyClosedException$;
exports.AccountAlreadyRegisteredException = AccountAlreadyRegisteredException;
exports.AccountAlreadyRegisteredException$ = AccountAlreadyRegisteredException$;
exports.AccountJoinedMethod = AccountJoinedMethod;
exports.AccountNotFoundException = AccountNotFoundException;
exports.AccountNotFoundException$ = AccountNotFoundException$;
exports.AccountNotRegisteredException = AccountNotRegisteredException;
exports.AccountNotRegisteredException$ = AccountNotRegisteredException$;
exports.AccountOwnerNotVerifiedException = AccountOwnerNotVerifiedException;
exports.AccountOwnerNotVerifiedException$ = AccountOwnerNotVerifiedException$;
exports.AccountState = AccountState;
exports.AccountStatus = AccountStatus;
exports.ActionType = ActionType;
exports.AlreadyInOrganizationException = AlreadyInOrganizationException;
exports.AlreadyInOrganizationException$ = AlreadyInOrganizationException$;
exports.AttachPolicy$ = AttachPolicy$;
exports.AttachPolicyCommand = AttachPolicyCommand;
exports.AttachPolicyRequest$ = AttachPolicyRequest$;
exports.CancelHandshake$ = CancelHandshake$;
exports.CancelHandshakeCommand = CancelHandshakeCommand;
exports.CancelHandshakeRequest$ = CancelHandshakeRequest$;
exports.CancelHandshakeResponse$ = CancelHandshakeResponse$;
exports.Child$ = Child$;
exports.ChildNotFoundException = ChildNotFoundException;
exports.ChildNotFoundException$ = ChildNotFoundException$;
exports.ChildType = ChildType;
exports.CloseAccount$ = CloseAccount$;
exports.CloseAccountCommand = CloseAccountCommand;
exports.CloseAccountRequest$ = CloseAccountRequest$;
exports.ConcurrentModificationException = ConcurrentModificationException;
exports.ConcurrentModificationException$ = ConcurrentModificationException$;
exports.ConflictException = ConflictException;
exports.ConflictException$ = ConflictException$;
exports.ConstraintViolationException = ConstraintViolationException;
exports.ConstraintViolationException$ = ConstraintViolationException$;
exports.ConstraintViolationExceptionReason = ConstraintViolationExceptionReason;
exports.CreateAccount$ = CreateAccount$;
exports.CreateAccountCommand = CreateAccountCommand;
exports.CreateAccountFailureReason = CreateAccountFailureReason;
exports.CreateAccountRequest$ = CreateAccountRequest$;
exports.CreateAccountResponse$ = CreateAccountResponse$;
exports.CreateAccountState = CreateAccountState;
exports.CreateAccountStatus$ = CreateAccountStatus$;
exports.CreateAccountStatusNotFoundException = CreateAccountStatusNotFoundException;
exports.CreateAccountStatusNotFoundException$ = CreateAccountStatusNotFoundException$;
exports.CreateGovCloudAccount$ = CreateGovCloudAccount$;
exports.CreateGovCloudAccountCommand = CreateGovCloudAccountCommand;
exports.CreateGovCloudAccountRequest$ = CreateGovCloudAccountRequest$;
exports.CreateGovCloudAccountResponse$ = CreateGovCloudAccountResponse$;
exports.CreateOrganization$ = CreateOrganization$;
exports.CreateOrganizationCommand = CreateOrganizationCommand;
exports.CreateOrganizationRequest$ = CreateOrganizationRequest$;
exports.CreateOrganizationResponse$ = CreateOrganizationResponse$;
exports.CreateOrganizationalUnit$ = CreateOrganizationalUnit$;
exports.CreateOrganizationalUnitCommand = CreateOrganizationalUnitCommand;
exports.CreateOrganizationalUnitRequest$ = CreateOrganizationalUnitRequest$;
exports.CreateOrganizationalUnitResponse$ = CreateOrganizationalUnitResponse$;
exports.CreatePolicy$ = CreatePolicy$;
exports.CreatePolicyCommand = CreatePolicyCommand;
exports.CreatePolicyRequest$ = CreatePolicyRequest$;
exports.CreatePolicyResponse$ = CreatePolicyResponse$;
exports.DeclineHandshake$ = DeclineHandshake$;
exports.DeclineHandshakeCommand = DeclineHandshakeCommand;
exports.DeclineHandshakeRequest$ = DeclineHandshakeRequest$;
exports.DeclineHandshakeResponse$ = DeclineHandshakeResponse$;
exports.DelegatedAdministrator$ = DelegatedAdministrator$;
exports.DelegatedService$ = DelegatedService$;
exports.DeleteOrganization$ = DeleteOrganization$;
exports.DeleteOrganizationCommand = DeleteOrganizationCommand;
exports.DeleteOrganizationalUnit$ = DeleteOrganizationalUnit$;
exports.DeleteOrganizationalUnitCommand = DeleteOrganizationalUnitCommand;
exports.DeleteOrganizationalUnitRequest$ = DeleteOrganizationalUnitRequest$;
exports.DeletePolicy$ = DeletePolicy$;
exports.DeletePolicyCommand = DeletePolicyCommand;
exports.DeletePolicyRequest$ = DeletePolicyRequest$;
exports.DeleteResourcePolicy$ = DeleteResourcePolicy$;
exports.DeleteResourcePolicyCommand = DeleteResourcePolicyCommand;
exports.DeregisterDelegatedAdministrator$ = DeregisterDelegatedAdministrator$;
exports.DeregisterDelegatedAdministratorCommand = DeregisterDelegatedAdministratorCommand;
exports.DeregisterDelegatedAdministratorRequest$ = DeregisterDelegatedAdministratorRequest$;
exports.DescribeAccount$ = DescribeAccount$;
exports.DescribeAccountCommand = DescribeAccountCommand;
exports.DescribeAccountRequest$ = DescribeAccountRequest$;
exports.DescribeAccountResponse$ = DescribeAccountResponse$;
exports.DescribeCreateAccountStatus$ = DescribeCreateAccountStatus$;
exports.DescribeCreateAccountStatusCommand = DescribeCreateAccountStatusCommand;
exports.DescribeCreateAccountStatusRequest$ = DescribeCreateAccountStatusRequest$;
exports.DescribeCreateAccountStatusResponse$ = DescribeCreateAccountStatusResponse$;
exports.DescribeEffectivePolicy$ = DescribeEffectivePolicy$;
exports.DescribeEffectivePolicyCommand = DescribeEffectivePolicyCommand;
exports.DescribeEffectivePolicyRequest$ = DescribeEffectivePolicyRequest$;
exports.DescribeEffectivePolicyResponse$ = DescribeEffectivePolicyResponse$;
exports.DescribeHandshake$ = DescribeHandshake$;
exports.DescribeHandshakeCommand = DescribeHandshakeCommand;
exports.DescribeHandshakeRequest$ = DescribeHandshakeRequest$;
exports.DescribeHandshakeResponse$ = DescribeHandshakeResponse$;
exports.DescribeOrganization$ = DescribeOrganization$;
exports.DescribeOrganizationCommand = DescribeOrganizationCommand;
exports.DescribeOrganizationResponse$ = DescribeOrganizationResponse$;
exports.DescribeOrganizationalUnit$ = DescribeOrganizationalUnit$;
exports.DescribeOrganizationalUnitCommand = DescribeOrganizationalUnitCommand;
exports.DescribeOrganizationalUnitRequest$ = DescribeOrganizationalUnitRequest$;
exports.DescribeOrganizationalUnitResponse$ = DescribeOrganizationalUnitResponse$;
exports.DescribePolicy$ = DescribePolicy$;
exports.DescribePolicyCommand = DescribePolicyCommand;
exports.DescribePolicyRequest$ = DescribePolicyRequest$;
exports.DescribePolicyResponse$ = DescribePolicyResponse$;
exports.DescribeResourcePolicy$ = DescribeResourcePolicy$;
exports.DescribeResourcePolicyCommand = DescribeResourcePolicyCommand;
exports.DescribeResourcePolicyResponse$ = DescribeResourcePolicyResponse$;
exports.DescribeResponsibilityTransfer$ = DescribeResponsibilityTransfer$;
exports.DescribeResponsibilityTransferCommand = DescribeResponsibilityTransferCommand;
exports.DescribeResponsibilityTransferRequest$ = DescribeResponsibilityTransferRequest$;
exports.DescribeResponsibilityTransferResponse$ = DescribeResponsibilityTransferResponse$;
exports.DestinationParentNotFoundException = DestinationParentNotFoundException;
exports.DestinationParentNotFoundException$ = DestinationParentNotFoundException$;
exports.DetachPolicy$ = DetachPolicy$;
exports.DetachPolicyCommand = DetachPolicyCommand;
exports.DetachPolicyRequest$ = DetachPolicyRequest$;
exports.DisableAWSServiceAccess$ = DisableAWSServiceAccess$;
exports.DisableAWSServiceAccessCommand = DisableAWSServiceAccessCommand;
exports.DisableAWSServiceAccessRequest$ = DisableAWSServiceAccessRequest$;
exports.DisablePolicyType$ = DisablePolicyType$;
exports.DisablePolicyTypeCommand = DisablePolicyTypeCommand;
exports.DisablePolicyTypeRequest$ = DisablePolicyTypeRequest$;
exports.DisablePolicyTypeResponse$ = DisablePolicyTypeResponse$;
exports.DuplicateAccountException = DuplicateAccountException;
exports.DuplicateAccountException$ = DuplicateAccountException$;
exports.DuplicateHandshakeException = DuplicateHandshakeException;
exports.DuplicateHandshakeException$ = DuplicateHandshakeException$;
exports.DuplicateOrganizationalUnitException = DuplicateOrganizationalUnitException;
exports.DuplicateOrganizationalUnitException$ = DuplicateOrganizationalUnitException$;
exports.DuplicatePolicyAttachmentException = DuplicatePolicyAttachmentException;
exports.DuplicatePolicyAttachmentException$ = DuplicatePolicyAttachmentException$;
exports.DuplicatePolicyException = DuplicatePolicyException;
exports.DuplicatePolicyException$ = DuplicatePolicyException$;
exports.EffectivePolicy$ = EffectivePolicy$;
exports.EffectivePolicyNotFoundException = EffectivePolicyNotFoundException;
exports.EffectivePolicyNotFoundException$ = EffectivePolicyNotFoundException$;
exports.EffectivePolicyType = EffectivePolicyType;
exports.EffectivePolicyValidationError$ = EffectivePolicyValidationError$;
exports.EnableAWSServiceAccess$ = EnableAWSServiceAccess$;
exports.EnableAWSServiceAccessCommand = EnableAWSServiceAccessCommand;
exports.EnableAWSServiceAccessRequest$ = EnableAWSServiceAccessRequest$;
exports.EnableAllFeatures$ = EnableAllFeatures$;
exports.EnableAllFeaturesCommand = EnableAllFeaturesCommand;
exports.EnableAllFeaturesRequest$ = EnableAllFeaturesRequest$;
exports.EnableAllFeaturesResponse$ = EnableAllFeaturesResponse$;
exports.EnablePolicyType$ = EnablePolicyType$;
exports.EnablePolicyTypeCommand = EnablePolicyTypeCommand;
exports.EnablePolicyTypeRequest$ = EnablePolicyTypeRequest$;
exports.EnablePolicyTypeResponse$ = EnablePolicyTypeResponse$;
exports.EnabledServicePrincipal$ = EnabledServicePrincipal$;
exports.FinalizingOrganizationException = FinalizingOrganizationException;
exports.FinalizingOrganizationException$ = FinalizingOrganizationException$;
exports.Handshake$ = Handshake$;
exports.HandshakeAlreadyInStateException = HandshakeAlreadyInStateException;
exports.HandshakeAlreadyInStateException$ = HandshakeAlreadyInStateException$;
exports.HandshakeConstraintViolationException = HandshakeConstraintViolationException;
exports.HandshakeConstraintViolationException$ = HandshakeConstraintViolationException$;
exports.HandshakeConstraintViolationExceptionReason = HandshakeConstraintViolationExceptionReason;
exports.HandshakeFilter$ = HandshakeFilter$;
exports.HandshakeNotFoundException = HandshakeNotFoundException;
exports.HandshakeNotFoundException$ = HandshakeNotFoundException$;
exports.HandshakeParty$ = HandshakeParty$;
exports.HandshakePartyType = HandshakePartyType;
exports.HandshakeResource$ = HandshakeResource$;
exports.HandshakeResourceType = HandshakeResourceType;
exports.HandshakeState = HandshakeState;
exports.IAMUserAccessToBilling = IAMUserAccessToBilling;
exports.InvalidHandshakeTransitionException = InvalidHandshakeTransitionException;
exports.InvalidHandshakeTransitionException$ = InvalidHandshakeTransitionException$;
exports.InvalidInputException = InvalidInputException;
exports.InvalidInputException$ = InvalidInputException$;
exports.InvalidInputExceptionReason = InvalidInputExceptionReason;
exports.InvalidResponsibilityTransferTransitionException = InvalidResponsibilityTransferTransitionException;
exports.InvalidResponsibilityTransferTransitionException$ = InvalidResponsibilityTransferTransitionException$;
exports.InviteAccountToOrganization$ = InviteAccountToOrganization$;
exports.InviteAccountToOrganizationCommand = InviteAccountToOrganizationCommand;
exports.InviteAccountToOrganizationRequest$ = InviteAccountToOrganizationRequest$;
exports.InviteAccountToOrganizationResponse$ = InviteAccountToOrganizationResponse$;
exports.InviteOrganizationToTransferResponsibility$ = InviteOrganizationToTransferResponsibility$;
exports.InviteOrganizationToTransferResponsibilityCommand = InviteOrganizationToTransferResponsibilityCommand;
exports.InviteOrganizationToTransferResponsibilityRequest$ = InviteOrganizationToTransferResponsibilityRequest$;
exports.InviteOrganizationToTransferResponsibilityResponse$ = InviteOrganizationToTransferResponsibilityResponse$;
exports.LeaveOrganization$ = LeaveOrganization$;
exports.LeaveOrganizationCommand = LeaveOrganizationCommand;
exports.ListAWSServiceAccessForOrganization$ = ListAWSServiceAccessForOrganization$;
exports.ListAWSServiceAccessForOrganizationCommand = ListAWSServiceAccessForOrganizationCommand;
exports.ListAWSServiceAccessForOrganizationRequest$ = ListAWSServiceAccessForOrganizationRequest$;
exports.ListAWSServiceAccessForOrganizationResponse$ = ListAWSServiceAccessForOrganizationResponse$;
exports.ListAccounts$ = ListAccounts$;
exports.ListAccountsCommand = ListAccountsCommand;
exports.ListAccountsForParent$ = ListAccountsForParent$;
exports.ListAccountsForParentCommand = ListAccountsForParentCommand;
exports.ListAccountsForParentRequest$ = ListAccountsForParentRequest$;
exports.ListAccountsForParentResponse$ = ListAccountsForParentResponse$;
exports.ListAccountsRequest$ = ListAccountsRequest$;
exports.ListAccountsResponse$ = ListAccountsResponse$;
exports.ListAccountsWithInvalidEffectivePolicy$ = ListAccountsWithInvalidEffectivePolicy$;
exports.ListAccountsWithInvalidEffectivePolicyCommand = ListAccountsWithInvalidEffectivePolicyCommand;
exports.ListAccountsWithInvalidEffectivePolicyRequest$ = ListAccountsWithInvalidEffectivePolicyRequest$;
exports.ListAccountsWithInvalidEffectivePolicyResponse$ = ListAccountsWithInvalidEffectivePolicyResponse$;
exports.ListChildren$ = ListChildren$;
exports.ListChildrenCommand = ListChildrenCommand;
exports.ListChildrenRequest$ = ListChildrenRequest$;
exports.ListChildrenResponse$ = ListChildrenResponse$;
exports.ListCreateAccountStatus$ = ListCreateAccountStatus$;
exports.ListCreateAccountStatusCommand = ListCreateAccountStatusCommand;
exports.ListCreateAccountStatusRequest$ = ListCreateAccountStatusRequest$;
exports.ListCreateAccountStatusResponse$ = ListCreateAccountStatusResponse$;
exports.ListDelegatedAdministrators$ = ListDelegatedAdministrators$;
exports.ListDelegatedAdministratorsCommand = ListDelegatedAdministratorsCommand;
exports.ListDelegatedAdministratorsRequest$ = ListDelegatedAdministratorsRequest$;
exports.ListDelegatedAdministratorsResponse$ = ListDelegatedAdministratorsResponse$;
exports.ListDelegatedServicesForAccount$ = ListDelegatedServicesForAccount$;
exports.ListDelegatedServicesForAccountCommand = ListDelegatedServicesForAccountCommand;
exports.ListDelegatedServicesForAccountRequest$ = ListDelegatedServicesForAccountRequest$;
exports.ListDelegatedServicesForAccountResponse$ = ListDelegatedServicesForAccountResponse$;
exports.ListEffectivePolicyValidationErrors$ = ListEffectivePolicyValidationErrors$;
exports.ListEffectivePolicyValidationErrorsCommand = ListEffectivePolicyValidationErrorsCommand;
exports.ListEffectivePolicyValidationErrorsRequest$ = ListEffectivePolicyValidationErrorsRequest$;
exports.ListEffectivePolicyValidationErrorsResponse$ = ListEffectivePolicyValidationErrorsResponse$;
exports.ListHandshakesForAccount$ = ListHandshakesForAccount$;
exports.ListHandshakesForAccountCommand = ListHandshakesForAccountCommand;
exports.ListHandshakesForAccountRequest$ = ListHandshakesForAccountRequest$;
exports.ListHandshakesForAccountResponse$ = ListHandshakesForAccountResponse$;
exports.ListHandshakesForOrganization$ = ListHandshakesForOrganization$;
exports.ListHandshakesForOrganizationCommand = ListHandshakesForOrganizationCommand;
exports.ListHandshakesForOrganizationRequest$ = ListHandshakesForOrganizationRequest$;
exports.ListHandshakesForOrganizationResponse$ = ListHandshakesForOrganizationResponse$;
exports.ListInboundResponsibilityTransfers$ = ListInboundResponsibilityTransfers$;
exports.ListInboundResponsibilityTransfersCommand = ListInboundResponsibilityTransfersCommand;
exports.ListInboundResponsibilityTransfersRequest$ = ListInboundResponsibilityTransfersRequest$;
exports.ListInboundResponsibilityTransfersResponse$ = ListInboundResponsibilityTransfersResponse$;
exports.ListOrganizationalUnitsForParent$ = ListOrganizationalUnitsForParent$;
exports.ListOrganizationalUnitsForParentCommand = ListOrganizationalUnitsForParentCommand;
exports.ListOrganizationalUnitsForParentRequest$ = ListOrganizationalUnitsForParentRequest$;
exports.ListOrganizationalUnitsForParentResponse$ = ListOrganizationalUnitsForParentResponse$;
exports.ListOutboundResponsibilityTransfers$ = ListOutboundResponsibilityTransfers$;
exports.ListOutboundResponsibilityTransfersCommand = ListOutboundResponsibilityTransfersCommand;
exports.ListOutboundResponsibilityTransfersRequest$ = ListOutboundResponsibilityTransfersRequest$;
exports.ListOutboundResponsibilityTransfersResponse$ = ListOutboundResponsibilityTransfersResponse$;
exports.ListParents$ = ListParents$;
exports.ListParentsCommand = ListParentsCommand;
exports.ListParentsRequest$ = ListParentsRequest$;
exports.ListParentsResponse$ = ListParentsResponse$;
exports.ListPolicies$ = ListPolicies$;
exports.ListPoliciesCommand = ListPoliciesCommand;
exports.ListPoliciesForTarget$ = ListPoliciesForTarget$;
exports.ListPoliciesForTargetCommand = ListPoliciesForTargetCommand;
exports.ListPoliciesForTargetRequest$ = ListPoliciesForTargetRequest$;
exports.ListPoliciesForTargetResponse$ = ListPoliciesForTargetResponse$;
exports.ListPoliciesRequest$ = ListPoliciesRequest$;
exports.ListPoliciesResponse$ = ListPoliciesResponse$;
exports.ListRoots$ = ListRoots$;
exports.ListRootsCommand = ListRootsCommand;
exports.ListRootsRequest$ = ListRootsRequest$;
exports.ListRootsResponse$ = ListRootsResponse$;
exports.ListTagsForResource$ = ListTagsForResource$;
exports.ListTagsForResourceCommand = ListTagsForResourceCommand;
exports.ListTagsForResourceRequest$ = ListTagsForResourceRequest$;
exports.ListTagsForResourceResponse$ = ListTagsForResourceResponse$;
exports.ListTargetsForPolicy$ = ListTargetsForPolicy$;
exports.ListTargetsForPolicyCommand = ListTargetsForPolicyCommand;
exports.ListTargetsForPolicyRequest$ = ListTargetsForPolicyRequest$;
exports.ListTargetsForPolicyResponse$ = ListTargetsForPolicyResponse$;
exports.MalformedPolicyDocumentException = MalformedPolicyDocumentException;
exports.MalformedPolicyDocumentException$ = MalformedPolicyDocumentException$;
exports.MasterCannotLeaveOrganizationException = MasterCannotLeaveOrganizationException;
exports.MasterCannotLeaveOrganizationException$ = MasterCannotLeaveOrganizationException$;
exports.MoveAccount$ = MoveAccount$;
exports.MoveAccountCommand = MoveAccountCommand;
exports.MoveAccountRequest$ = MoveAccountRequest$;
exports.Organization$ = Organization$;
exports.OrganizationFeatureSet = OrganizationFeatureSet;
exports.OrganizationNotEmptyException = OrganizationNotEmptyException;
exports.OrganizationNotEmptyException$ = OrganizationNotEmptyException$;
exports.OrganizationalUnit$ = OrganizationalUnit$;
exports.OrganizationalUnitNotEmptyException = OrganizationalUnitNotEmptyException;
exports.OrganizationalUnitNotEmptyException$ = OrganizationalUnitNotEmptyException$;
exports.OrganizationalUnitNotFoundException = OrganizationalUnitNotFoundException;
exports.OrganizationalUnitNotFoundException$ = OrganizationalUnitNotFoundException$;
exports.Organizations = Organizations;
exports.OrganizationsClient = OrganizationsClient;
exports.OrganizationsServiceException = OrganizationsServiceException;
exports.OrganizationsServiceException$ = OrganizationsServiceException$;
exports.Parent$ = Parent$;
exports.ParentNotFoundException = ParentNotFoundException;
exports.ParentNotFoundException$ = ParentNotFoundException$;
exports.ParentType = ParentType;
exports.Policy$ = Policy$;
exports.PolicyChangesInProgressException = PolicyChangesInProgressException;
exports.PolicyChangesInProgressException$ = PolicyChangesInProgressException$;
exports.PolicyInUseException = PolicyInUseException;
exports.PolicyInUseException$ = PolicyInUseException$;
exports.PolicyNotAttachedException = PolicyNotAttachedException;
exports.PolicyNotAttachedException$ = PolicyNotAttachedException$;
exports.PolicyNotFoundException = PolicyNotFoundException;
exports.PolicyNotFoundException$ = PolicyNotFoundException$;
exports.PolicySummary$ = PolicySummary$;
exports.PolicyTargetSummary$ = PolicyTargetSummary$;
exports.PolicyType = PolicyType;
exports.PolicyTypeAlreadyEnabledException = PolicyTypeAlreadyEnabledException;
exports.PolicyTypeAlreadyEnabledException$ = PolicyTypeAlreadyEnabledException$;
exports.PolicyTypeNotAvailableForOrganizationException = PolicyTypeNotAvailableForOrganizationException;
exports.PolicyTypeNotAvailableForOrganizationException$ = PolicyTypeNotAvailableForOrganizationException$;
exports.PolicyTypeNotEnabledException = PolicyTypeNotEnabledException;
exports.PolicyTypeNotEnabledException$ = PolicyTypeNotEnabledException$;
exports.PolicyTypeStatus = PolicyTypeStatus;
exports.PolicyTypeSummary$ = PolicyTypeSummary$;
exports.PutResourcePolicy$ = PutResourcePolicy$;
exports.PutResourcePolicyCommand = PutResourcePolicyCommand;
exports.PutResourcePolicyRequest$ = PutResourcePolicyRequest$;
exports.PutResourcePolicyResponse$ = PutResourcePolicyResponse$;
exports.RegisterDelegatedAdministrator$ = RegisterDelegatedAdministrator$;
exports.RegisterDelegatedAdministratorCommand = RegisterDelegatedAdministratorCommand;
exports.RegisterDelegatedAdministratorRequest$ = RegisterDelegatedAdministratorRequest$;
exports.RemoveAccountFromOrganization$ = RemoveAccountFromOrganization$;
exports.RemoveAccountFromOrganizationCommand = RemoveAccountFromOrganizationCommand;
exports.RemoveAccountFromOrganizationRequest$ = RemoveAccountFromOrganizationRequest$;
exports.ResourcePolicy$ = ResourcePolicy$;
exports.ResourcePolicyNotFoundException = ResourcePolicyNotFoundException;
exports.ResourcePolicyNotFoundException$ = ResourcePolicyNotFoundException$;
exports.ResourcePolicySummary$ = ResourcePolicySummary$;
exports.ResponsibilityTransfer$ = ResponsibilityTransfer$;
exports.ResponsibilityTransferAlreadyInStatusException = ResponsibilityTransferAlreadyInStatusException;
exports.ResponsibilityTransferAlreadyInStatusException$ = ResponsibilityTransferAlreadyInStatusException$;
exports.ResponsibilityTransferNotFoundException = ResponsibilityTransferNotFoundException;
exports.ResponsibilityTransferNotFoundException$ = ResponsibilityTransferNotFoundException$;
exports.ResponsibilityTransferStatus = ResponsibilityTransferStatus;
exports.ResponsibilityTransferType = ResponsibilityTransferType;
exports.Root$ = Root$;
exports.RootNotFoundException = RootNotFoundException;
exports.RootNotFoundException$ = RootNotFoundException$;
exports.ServiceException = ServiceException;
exports.ServiceException$ = ServiceException$;
exports.SourceParentNotFoundException = SourceParentNotFoundException;
exports.SourceParentNotFoundException$ = SourceParentNotFoundException$;
exports.Tag$ = Tag$;
exports.TagResource$ = TagResource$;
exports.TagResourceCommand = TagResourceCommand;
exports.TagResourceRequest$ = TagResourceRequest$;
exports.TargetNotFoundException = TargetNotFoundException;
exports.TargetNotFoundException$ = TargetNotFoundException$;
exports.TargetType = TargetType;
exports.TerminateResponsibilityTransfer$ = TerminateResponsibilityTransfer$;
exports.TerminateResponsibilityTransferCommand = TerminateResponsibilityTransferCommand;
exports.TerminateResponsibilityTransferRequest$ = TerminateResponsibilityTransferRequest$;
exports.TerminateResponsibilityTransferResponse$ = TerminateResponsibilityTransferResponse$;
exports.TooManyRequestsException = TooManyRequestsException;
exports.TooManyRequestsException$ = TooManyRequestsException$;
exports.TransferParticipant$ = TransferParticipant$;
exports.UnsupportedAPIEndpointException = UnsupportedAPIEndpointException;
exports.UnsupportedAPIEndpointException$ = UnsupportedAPIEndpointException$;
exports.UntagResource$ = UntagResource$;
exports.UntagResourceCommand = UntagResourceCommand;
exports.UntagResourceRequest$ = UntagResourceRequest$;
exports.UpdateOrganizationalUnit$ = UpdateOrganizationalUnit$;
exports.UpdateOrganizationalUnitCommand = UpdateOrganizationalUnitCommand;
exports.UpdateOrganizationalUnitRequest$ = UpdateOrganizationalUnitRequest$;
exports.UpdateOrganizationalUnitResponse$ = UpdateOrganizationalUnitResponse$;
exports.UpdatePolicy$ = UpdatePolicy$;
exports.UpdatePolicyCommand = UpdatePolicyCommand;
exports.UpdatePolicyRequest$ = UpdatePolicyRequest$;
exports.UpdatePolicyResponse$ = UpdatePolicyResponse$;
exports.UpdateResponsibilityTransfer$ = UpdateResponsibilityTransfer$;
exports.UpdateResponsibilityTransferCommand = UpdateResponsibilityTransferCommand;
exports.UpdateResponsibilityTransferRequest$ = UpdateResponsibilityTransferRequest$;
exports.UpdateResponsibilityTransferResponse$ = UpdateResponsibilityTransferResponse$;
exports.errorTypeRegistries = errorTypeRegistries;
exports.paginateListAWSServiceAccessForOrganization = paginateListAWSServiceAccessForOrganization;
exports.paginateListAccounts = paginateListAccounts;
exports.paginateListAccountsForParent = paginateListAccountsForParent;
exports.paginateListAccountsWithInvalidEffectivePolicy = paginateListAccountsWithInvalidEffectivePolicy;
exports.paginateListChildren = paginateListChildren;
exports.paginateListCreateAccountStatus = paginateListCreateAccountStatus;
exports.paginateListDelegatedAdministrators = paginateListDelegatedAdministrators;
exports.paginateListDelegatedServicesForAccount = paginateListDelegatedServicesForAccount;
exports.paginateListEffectivePolicyValidationErrors = paginateListEffectivePolicyValidationErrors;
exports.paginateListHandshakesForAccount = paginateListHandshakesForAccount;
exports.paginateListHandshakesForOrganization = paginateListHandshakesForOrganization;
exports.paginateListOrganizationalUnitsForParent = paginateListOrganizationalUnitsForParent;
exports.paginateListParents = paginateListParents;
exports.paginateListPolicies = paginateListPolicies;
exports.paginateListPoliciesForTarget = paginateListPoliciesForTarget;
exports.paginateListRoots = paginateListRoots;
exports.paginateListTagsForResource = paginateListTagsForResource;
exports.paginateListTargetsForPolicy = paginateListTargetsForPolicy;


/***/ })

};
