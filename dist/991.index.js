export const id = 991;
export const ids = [991];
export const modules = {

/***/ 6354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gv: () => (/* binding */ isObject),
/* harmony export */   I: () => (/* binding */ kindOf),
/* harmony export */   dG: () => (/* binding */ checkAnswer),
/* harmony export */   jj: () => (/* binding */ checkJsonBody),
/* harmony export */   o3: () => (/* binding */ ResponseError)
/* harmony export */ });
/* harmony import */ var _core_bounded_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(926);

// An answer must be an answer. The AWS SDK reads an empty body, `{}`, `null`, a 204, a 3xx, or a 200 carrying an
// error shape as a successful answer with nothing in it — for a paginated read, a last page. Behind a proxy, a
// login page or a wrong endpoint, that ends a read early and calls it complete. So the raw answer of every call
// to a JSON-protocol service the gate reads (CloudTrail, Athena, Glue) is checked here before the SDK sees it.
// Only 5xx, 429 and JSON error bodies go on to the SDK's own error handling (retries, classify).
/** An answer that is not what the operation returns. Never retried: the read becomes incomplete. */
class ResponseError extends Error {
    name = 'ResponseError';
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
/** The first bytes of a body, quoted and bounded, for a message. */
function opening(text) {
    return JSON.stringify((0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(text.trim(), 80));
}
function parse(text) {
    try {
        return { ok: true, value: JSON.parse(text) };
    }
    catch {
        return { ok: false };
    }
}
/**
 * Checks a 2xx body: JSON, an object, no error shape. Returns the parsed object for an operation's own checks
 * (a LookupEvents page has an Events list), or throws a ResponseError.
 */
function checkJsonBody(status, body, contentType, words) {
    const { what, expected, hint } = words;
    if (body.trim() === '') {
        throw new ResponseError(`${what} answered ${status} with an empty body, not ${expected} — ${hint}`);
    }
    const parsed = parse(body);
    if (!parsed.ok) {
        throw new ResponseError(`${what} answered ${status} with a body that is not JSON (${contentType || 'no content-type'}, ` +
            `starting ${opening(body)}) — ${hint}`);
    }
    const value = parsed.value;
    if (!isObject(value)) {
        throw new ResponseError(`${what} answered ${status} with ${kindOf(value)}, not ${expected} — ${hint}`);
    }
    if (value['__type'] !== undefined) {
        // AWS JSON errors spell it `message` or `Message`, by service.
        const text = value['message'] ?? value['Message'];
        const message = typeof text === 'string' ? `: ${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(text, 200)}` : '';
        throw new ResponseError(`${what} answered ${status} carrying an error (${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(String(value['__type']), 100)}${message}) ` +
            `instead of ${expected} — ${hint}`);
    }
    return value;
}
/**
 * Checks one raw answer: a 2xx must be a JSON object without an error shape; a 3xx is never AWS; a 4xx must be
 * a JSON error. Returns the parsed 2xx body (undefined for an error the SDK will read), or throws.
 */
function checkAnswer(status, headers, body, words) {
    const contentType = (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(headers.contentType ?? '', 80);
    if (status >= 200 && status < 300)
        return checkJsonBody(status, body, contentType, words);
    if (status >= 300 && status < 400) {
        const to = headers.location ? ` to ${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_0__/* .clip */ .$Q)(headers.location, 200)}` : '';
        throw new ResponseError(`${words.what} answered HTTP ${status}, a redirect${to}, which ${words.service} never sends — ${words.hint} ` +
            '(a proxy or a sign-in page may be answering instead)');
    }
    if (status === 429 || status >= 500)
        return undefined;
    const parsed = parse(body);
    if (status >= 400 && parsed.ok && isObject(parsed.value))
        return undefined;
    throw new ResponseError(`${words.what} answered HTTP ${status} with ${body.trim() === '' ? 'an empty body' : `a body that is not a JSON error (${contentType || 'no content-type'}, starting ${opening(body)})`} — ${words.hint}`);
}


/***/ }),

/***/ 1836:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FH: () => (/* binding */ boundedAttempt),
/* harmony export */   db: () => (/* binding */ startDeadline)
/* harmony export */ });
/* unused harmony export RequestTimeout */
class RequestTimeout extends Error {
    name = 'RequestTimeout';
}
/**
 * Runs `send` with a signal that aborts on the attempt's timeout or the deadline, and settles as soon as either
 * fires even if `send` never does. One abort for both causes: it cancels the HTTP request and settles `aborted`,
 * which the send is raced against. No listener is left on anything that outlives the attempt: under load,
 * retained attempts grow V8's heap.
 */
async function boundedAttempt(send, bounds) {
    const controller = new AbortController();
    let fail = () => undefined;
    const aborted = new Promise((_, reject) => (fail = reject));
    const abort = (reason) => {
        controller.abort(reason);
        fail(reason);
    };
    const onDeadline = () => abort(bounds.signal.reason);
    bounds.signal.addEventListener('abort', onDeadline, { once: true });
    const timer = new AbortController();
    bounds.clock.sleep(bounds.requestTimeoutMs, timer.signal).then(() => abort(new RequestTimeout(`no response within ${bounds.requestTimeoutMs} ms`)), () => undefined);
    try {
        return await Promise.race([send(controller.signal), aborted]);
    }
    finally {
        timer.abort();
        bounds.signal.removeEventListener('abort', onDeadline);
    }
}
/**
 * Aborts `scan` with the source's own failure when `timeout-minutes` passes. Abort the returned controller when
 * the scan ends, so the timer does not outlive it.
 */
function startDeadline(clock, timeoutMs, scan, failure) {
    const deadline = new AbortController();
    clock
        .sleep(timeoutMs, deadline.signal)
        .then(() => {
        const minutes = +(timeoutMs / 60_000).toFixed(2);
        scan.abort(failure(`the scan ran past its ${minutes}-minute deadline (timeout-minutes)`));
    })
        .catch(() => undefined);
    return deadline;
}


/***/ }),

/***/ 8199:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ classify)
/* harmony export */ });
/* unused harmony export CREDENTIALS_FIX */
/* harmony import */ var _core_bounded_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(926);
/* harmony import */ var _page_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3207);


const THROTTLE = new Set([
    'ThrottlingException',
    'Throttling',
    'ThrottledException',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'SlowDown'
]);
const DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'OperationNotPermitted'
]);
const CREDENTIALS = new Set([
    'ExpiredToken',
    'ExpiredTokenException',
    'RequestExpired',
    'UnrecognizedClientException',
    'InvalidClientTokenId',
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'MissingAuthenticationTokenException',
    'IncompleteSignature',
    'CredentialsProviderError'
]);
const NETWORK = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH'
]);
const CREDENTIALS_FIX = 'Give the job AWS credentials: add aws-actions/configure-aws-credentials before this step, or set this ' +
    "action's role-to-assume input; either way OIDC needs `permissions: id-token: write` in the workflow.";
function text(value) {
    return typeof value === 'string' ? value : '';
}
// The SDK appends this to errors it met while reading an answer; it means nothing to a reader of the log.
const SDK_HINT = 'Deserialization error: to see the raw response';
function classify(error) {
    if (error instanceof _page_check_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3)
        return { retry: 'never', code: 'bad-response', reason: error.message };
    const shape = (typeof error === 'object' && error !== null ? error : {});
    // Server text is untrusted and unbounded: quote a bounded, single-purpose piece of it.
    const name = (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(text(shape.name), 100);
    const code = (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(text(shape.code), 100);
    const raw = text(shape.message) || String(error);
    const hintAt = raw.indexOf(SDK_HINT);
    const message = (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)((hintAt >= 0 ? raw.slice(0, hintAt) : raw).trim());
    const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
    if (THROTTLE.has(name) || status === 429)
        return { retry: 'throttle' };
    if (hintAt >= 0 && !(status !== undefined && status >= 500)) {
        return {
            retry: 'never',
            code: 'bad-response',
            reason: `LookupEvents answered${status === undefined ? '' : ` HTTP ${status}`} with something the AWS SDK ` +
                `could not read (${message}) — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?`
        };
    }
    if (name === 'RequestTimeout' || name === 'TimeoutError' || code === 'ETIMEDOUT') {
        return { retry: 'transient', code: 'timeout', reason: `a request got no answer in time (${message})` };
    }
    if (DENIED.has(name)) {
        return {
            retry: 'never',
            code: 'access-denied',
            reason: `access denied (${name}: ${message}). The credentials need cloudtrail:LookupEvents.`
        };
    }
    if (CREDENTIALS.has(name) || /Could not load credentials/i.test(message)) {
        return {
            retry: 'never',
            code: 'credentials',
            reason: `no usable AWS credentials (${name}: ${message}). ${CREDENTIALS_FIX}`
        };
    }
    if (name === 'InvalidNextTokenException') {
        return { retry: 'never', code: 'invalid-token', reason: `the service rejected a page token (${message})` };
    }
    if ((status !== undefined && status >= 500) || shape.$fault === 'server') {
        return {
            retry: 'transient',
            code: 'server-error',
            reason: `the service failed (HTTP ${status ?? '5xx'} ${name})`
        };
    }
    if (NETWORK.has(code) || NETWORK.has(name) || /socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) {
        return {
            retry: 'transient',
            code: 'network',
            reason: `the connection failed (${code || name}: ${message})`
        };
    }
    const http = status === undefined ? '' : `HTTP ${status}, `;
    return {
        retry: 'never',
        code: 'other',
        reason: `LookupEvents failed (${http}${name || 'Error'}: ${message})`
    };
}


/***/ }),

/***/ 8016:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ke: () => (/* binding */ addAnswerCheck),
  H7: () => (/* binding */ cloudTrailClientFactory),
  $3: () => (/* binding */ httpOptions),
  x8: () => (/* binding */ readBody),
  rY: () => (/* binding */ sdkOptions),
  IM: () => (/* binding */ stsClientFactory)
});

// UNUSED EXPORTS: accountOptions

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudtrail/dist-cjs/index.js
var dist_cjs = __webpack_require__(7392);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/core/constants.ts
var constants = __webpack_require__(6214);
// EXTERNAL MODULE: ./src/core/coverage.ts
var coverage = __webpack_require__(7989);
// EXTERNAL MODULE: ./src/aws/own-requests.ts
var own_requests = __webpack_require__(6532);
;// CONCATENATED MODULE: ./src/aws/no-log-copy.ts
// The SDK's logger middleware copies every answer to hand it to the logger (schemaLogFilter: a deep copy that
// masks sensitive members), and does so also when the logger is the NoOpLogger, the only one the gate uses. For a
// LookupEvents page that is a copy of 50 events; over a 100,000-event scan it was 14% of everything allocated.
/** Removes the logger middleware: the gate gives its clients no logger, so it only made copies. */
function dropLogCopies(client) {
    client.middlewareStack.remove('loggerMiddleware');
}

// EXTERNAL MODULE: ./src/aws/page-check.ts
var page_check = __webpack_require__(3207);
;// CONCATENATED MODULE: ./src/aws/clients.ts







/** The HTTP timeouts of every client: a request that hangs is abandoned, never waited on. */
function httpOptions(options) {
    return {
        connectionTimeout: 5_000,
        requestTimeout: options.requestTimeoutMs ?? 20_000,
        throwOnRequestTimeout: true
    };
}
/**
 * The configuration every client shares: the SDK's own retries off (each source retries a call itself, paced and
 * within the scan's deadline), our user agent, and the credentials when the action assumed a role.
 */
function sdkOptions(region, options) {
    return {
        region,
        maxAttempts: 1,
        customUserAgent: `${constants/* TOOL_NAME */.lH}/${constants/* TOOL_VERSION */.wr}`,
        ...(options.credentials && { credentials: options.credentials })
    };
}
/** Destroys and forgets the entries of `account` (keys `<account>|<region>`). */
function releaseAccount(clients, account, destroy) {
    for (const [key, entry] of clients) {
        if (!key.startsWith(`${account}|`))
            continue;
        clients.delete(key);
        destroy(entry);
    }
}
/** The options of one account's clients: its own credentials, unless it is the credentials' own account. */
function accountOptions(options, account) {
    if (account === undefined || account === coverage/* SELF */.TK || account === coverage/* ANY */.x4)
        return options;
    if (options.credentialsFor === undefined) {
        throw new Error(`no credentials for account ${account}: the scan was given no account-role`);
    }
    return { ...options, credentials: options.credentialsFor(account) };
}
/** A NodeHttpHandler that reports when each request really leaves, so the pacer can measure from then. */
class ReportingHttpHandler extends node_http_handler_dist_cjs.NodeHttpHandler {
    hooks;
    constructor(options, hooks) {
        super(options);
        this.hooks = hooks;
    }
    async handle(...args) {
        const hooks = this.hooks.current;
        hooks.onSend?.();
        const answer = await super.handle(...args);
        hooks.onAnswer?.();
        return answer;
    }
}
/** The whole body of a raw response, refusing one larger than `max` bytes. */
async function readBody(body, max, what) {
    if (body instanceof Uint8Array)
        return body;
    if (typeof body === 'string')
        return Buffer.from(body, 'utf8');
    if (body === undefined || body === null)
        return new Uint8Array();
    if (typeof body[Symbol.asyncIterator] !== 'function') {
        throw new page_check/* ResponseError */.o3(`${what} answered with a body that cannot be read`);
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
        size += bytes.length;
        if (size > max) {
            ;
            body.destroy?.();
            throw new page_check/* ResponseError */.o3(`${what} answered with a body over ${max} bytes, far larger than any answer`);
        }
        chunks.push(bytes);
    }
    return Buffer.concat(chunks);
}
/**
 * Reads every raw answer before the SDK does and hands it to `check` (see answer-check.ts); the SDK then reads
 * the same bytes. Sits in the deserialize step, inside the SDK's deserializer, so it sees every status.
 */
function addAnswerCheck(client, check, maxBytes) {
    ;
    client.middlewareStack.add((next, context) => async (args) => {
        const result = await next(args);
        const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
        const response = result.response;
        const bytes = await readBody(response.body, maxBytes, operation);
        response.body = bytes;
        const status = typeof response.statusCode === 'number' ? response.statusCode : 0;
        const headers = typeof response.headers === 'object' && response.headers !== null ? { ...response.headers } : {};
        const header = (name) => {
            const value = headers[name];
            return typeof value === 'string' ? value : undefined;
        };
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        check(operation, status, { contentType: header('content-type'), location: header('location') }, text);
        return result;
    }, { step: 'deserialize', priority: 'low', name: 'cloudtrailGateAnswerCheck' });
}
/** Refuses every LookupEvents answer that is not a page (page-check.ts). */
function addPageCheck(client) {
    addAnswerCheck(client, (operation, status, headers, body) => {
        if (operation === 'LookupEvents')
            (0,page_check/* checkLookupEventsAnswer */.SF)(status, headers, body);
    }, page_check/* MAX_PAGE_BYTES */.rd);
}
/**
 * One CloudTrail client per Region. The SDK's own retries are off (`maxAttempts: 1`): lookup retries every
 * attempt itself, through the pacer, so each attempt is paced and counted and none can outlive the deadline.
 * `AWS_ENDPOINT_URL_CLOUDTRAIL` is honoured by the SDK itself (the emulator relies on it).
 */
function cloudTrailClientFactory(options) {
    const clients = new Map();
    const factory = (region, hooks = {}, account = coverage/* SELF */.TK) => {
        const key = `${account}|${region}`;
        let entry = clients.get(key);
        if (!entry) {
            const holder = { current: hooks };
            const mine = accountOptions(options, account);
            const client = new dist_cjs/* CloudTrailClient */.Vsm({
                ...sdkOptions(region, mine),
                requestHandler: new ReportingHttpHandler(httpOptions(mine), holder)
            });
            addPageCheck(client);
            dropLogCopies(client);
            if (options.own)
                (0,own_requests/* recordOwnRequests */.O)(client, options.own);
            entry = { client, hooks: holder };
            clients.set(key, entry);
        }
        entry.hooks.current = hooks;
        return entry.client;
    };
    return Object.assign(factory, {
        release: (account) => releaseAccount(clients, account, entry => entry.client.destroy())
    });
}
/**
 * One STS client per account and Region for the delivery barrier's marker, on that Region's own endpoint
 * (`useGlobalEndpoint: false`): CloudTrail records a call to a regional STS endpoint in that Region, which is
 * where the barrier looks for it. The STS client is imported only when a fresh window needs a marker.
 * `AWS_ENDPOINT_URL_STS` is honoured by the SDK (the emulator relies on it).
 */
function stsClientFactory(options) {
    const clients = new Map();
    const factory = (region, account = coverage/* SELF */.TK) => {
        const key = `${account}|${region}`;
        let client = clients.get(key);
        if (client === undefined) {
            client = __webpack_require__.e(/* import() */ 695).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19)).then(({ STSClient }) => {
                const mine = accountOptions(options, account);
                const sts = new STSClient({
                    ...sdkOptions(region, mine),
                    useGlobalEndpoint: false,
                    requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler(httpOptions(mine))
                });
                if (options.own)
                    (0,own_requests/* recordOwnRequests */.O)(sts, options.own);
                return sts;
            });
            clients.set(key, client);
        }
        return client;
    };
    return Object.assign(factory, {
        release: (account) => releaseAccount(clients, account, entry => void entry.then(sts => sts.destroy(), () => undefined))
    });
}


/***/ }),

/***/ 3116:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ placeMarker)
/* harmony export */ });
/* harmony import */ var _classify_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8199);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);
/* harmony import */ var _pacer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5210);
/* harmony import */ var _core_delivery_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7847);




const ATTEMPTS = 3;
/** Twelve digits from the answer, else from the caller's ARN; undefined when neither is an account ID. */
function accountOf(account, arn) {
    if (typeof account === 'string' && /^\d{12}$/.test(account))
        return account;
    const fromArn = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(arn)?.[1];
    return fromArn;
}
function failure(region, reason) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceFailure */ .oi('delivery', `the delivery marker (STS GetCallerIdentity in ${region}) failed: ${reason}`);
}
/** Makes the marker call, retrying throttling and transient errors a few times; throws a SourceFailure. */
async function placeMarker(region, sts, deps) {
    const { GetCallerIdentityCommand } = await __webpack_require__.e(/* import() */ 695).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19));
    for (let attempt = 1;; attempt++) {
        const sentAt = deps.clock.now();
        let output;
        try {
            output = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: deps.signal });
        }
        catch (error) {
            if (deps.signal.aborted)
                throw deps.signal.reason;
            const disposition = (0,_classify_js__WEBPACK_IMPORTED_MODULE_0__/* .classify */ .L)(error);
            const reason = disposition.retry === 'throttle' ? 'throttled' : disposition.reason;
            if (disposition.retry === 'never' || attempt >= ATTEMPTS)
                throw failure(region, reason);
            await deps.clock.sleep((0,_pacer_js__WEBPACK_IMPORTED_MODULE_3__/* .backoffMs */ .j)(attempt, deps.random), deps.signal);
            continue;
        }
        const requestId = output.$metadata.requestId;
        const callerArn = output.Arn;
        if (!requestId || !callerArn) {
            throw failure(region, 'the answer had no request ID or no caller ARN, so the marker cannot be found');
        }
        return {
            region,
            requestId,
            callerArn,
            account: accountOf(output.Account, callerArn),
            attribute: (0,_core_delivery_js__WEBPACK_IMPORTED_MODULE_2__/* .markerAttribute */ .H5)(callerArn),
            sentAt,
            answeredAt: deps.clock.now()
        };
    }
}


/***/ }),

/***/ 5210:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ Pacer),
/* harmony export */   j: () => (/* binding */ backoffMs)
/* harmony export */ });
/** Slots are this much wider than the rate's interval, for clock and network jitter. */
const SAFETY = 1.02;
/**
 * Spaces requests to one account and Region at the LookupEvents limit instead of bouncing off it.
 *
 * Each call to `acquire` reserves the next send slot synchronously, so concurrent callers queue in order. No
 * burst is allowed, and slots are 2% wider than the documented rate and measured from when a request really
 * left (a timer that fires late must not squeeze the next interval): that keeps clear of the service's limiter
 * whichever way it counts, even one that refuses two requests closer than 500 ms, at 0.98 of the limit. On
 * throttling (other tools share the account's budget) the rate drops by 30%, down to a quarter of the limit,
 * and recovers a fifth of the limit with each success (AIMD): a lone throttle costs well under a second, a storm
 * settles at the rate the shared budget leaves.
 */
class Pacer {
    baseRate;
    clock;
    rate;
    nextSlot = 0;
    answered = false;
    floor;
    constructor(baseRate, clock) {
        this.baseRate = baseRate;
        this.clock = clock;
        if (!(baseRate > 0))
            throw new RangeError(`rate must be positive, got ${baseRate}`);
        this.rate = baseRate;
        this.floor = baseRate / 4;
    }
    /** Requests per second the pacer currently allows. */
    get currentRate() {
        return this.rate;
    }
    get interval() {
        return (1000 / this.rate) * SAFETY;
    }
    /** Waits for the next send slot and takes it. */
    async acquire(signal) {
        const now = this.clock.now();
        const slot = Math.max(now, this.nextSlot);
        this.nextSlot = slot + this.interval;
        if (slot > now)
            await this.clock.sleep(slot - now, signal);
        // Measured from the real send time: a late timer pushes the next slot rather than shortening the gap.
        this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval);
    }
    /**
     * The request really left now (reported by the HTTP layer): the next slot is at least one interval later.
     * The first request of a run leaves tens of milliseconds after its slot (the SDK loads and signs lazily), and
     * without this the second would reach the service less than one interval after it.
     */
    markSent() {
        this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval);
    }
    /**
     * A response arrived. The first one starts the next interval: the first request also paid for the connection
     * (TCP, TLS), so when it reached the service is only known to be before its answer. Costs one round trip, once.
     */
    markAnswered() {
        if (this.answered)
            return;
        this.answered = true;
        this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval);
    }
    /** The service throttled us: slow down, and keep the next slot at least one (slower) interval away. */
    onThrottle() {
        this.rate = Math.max(this.floor, this.rate * 0.7);
        this.nextSlot = Math.max(this.nextSlot, this.clock.now() + this.interval);
    }
    /** A request went through: recover a fifth of the base rate. */
    onSuccess() {
        this.rate = Math.min(this.baseRate, this.rate + this.baseRate / 5);
    }
}
/** Exponential back-off with "equal jitter": half the step fixed, half random, capped. */
function backoffMs(attempt, random, baseMs = 500, capMs = 16_000) {
    const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return step / 2 + random() * (step / 2);
}


/***/ }),

/***/ 3207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SF: () => (/* binding */ checkLookupEventsAnswer),
/* harmony export */   o3: () => (/* reexport safe */ _answer_check_js__WEBPACK_IMPORTED_MODULE_0__.o3),
/* harmony export */   rd: () => (/* binding */ MAX_PAGE_BYTES)
/* harmony export */ });
/* harmony import */ var _core_bounded_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(926);
/* harmony import */ var _answer_check_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6354);


// A page must be a page. The AWS SDK reads an empty body, `{}`, `null`, `[]`, a 204 or a 200 carrying an error
// shape as a page with no events and no NextToken: a last page. Behind a proxy, a login page or a wrong
// AWS_ENDPOINT_URL_CLOUDTRAIL that ends the scan early and calls it clean. So the raw answer to every
// LookupEvents call is checked here, before the SDK reads it, and anything but a well-formed page fails the
// scan. Only 5xx, 429 and JSON error bodies go on to the SDK's own error handling (retries, classify).

/** Far above a real page (50 events), far below what would hurt the runner. */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;
const WORDS = {
    what: 'LookupEvents',
    service: 'CloudTrail',
    expected: 'a page of events',
    hint: 'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
};
const HINT = WORDS.hint;
const STRING_FIELDS = [
    'EventId',
    'EventName',
    'EventSource',
    'Username',
    'ReadOnly',
    'AccessKeyId',
    'CloudTrailEvent'
];
/** The types the SDK would otherwise pass through or choke on (a NaN time, a string for Resources, null). */
function checkEvent(event, index, status) {
    const which = `entry ${index + 1} of Events`;
    if (!(0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv)(event))
        throw new _answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(`LookupEvents answered ${status} with ${which} ${(0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(event)}, not an event`);
    const wrong = (field, expected) => {
        const id = typeof event['EventId'] === 'string' ? ` (EventId ${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(event['EventId'], 80)})` : '';
        return new _answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(`LookupEvents answered ${status} with ${which}${id} whose ${field} is ${(0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(event[field])}, not ${expected}`);
    };
    const time = event['EventTime'];
    if (time !== undefined && time !== null && (typeof time !== 'number' || !Number.isFinite(time))) {
        throw wrong('EventTime', 'epoch seconds');
    }
    for (const field of STRING_FIELDS) {
        const value = event[field];
        if (value !== undefined && value !== null && typeof value !== 'string')
            throw wrong(field, 'a string');
    }
    const resources = event['Resources'];
    if (resources !== undefined && resources !== null) {
        if (!Array.isArray(resources) || !resources.every(_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .isObject */ .Gv))
            throw wrong('Resources', 'a list of resources');
    }
}
function checkPage(status, text, contentType) {
    const page = (0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .checkJsonBody */ .jj)(status, text, contentType, WORDS);
    const events = page['Events'];
    if (!Array.isArray(events)) {
        throw new _answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(`LookupEvents answered ${status} with no Events array — ${HINT}`);
    }
    events.forEach((event, index) => checkEvent(event, index, status));
    const token = page['NextToken'];
    if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
        throw new _answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .ResponseError */ .o3(`LookupEvents answered ${status} with a NextToken that is ${token === '' ? 'empty' : (0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .kindOf */ .I)(token)}: ` +
            'the rest of the window cannot be read');
    }
}
/**
 * Checks one raw answer to LookupEvents. Throws a ResponseError for anything that is not a page or an error
 * the SDK understands; returns for a well-formed page, a 5xx, a 429 and a 4xx with a JSON error body.
 */
function checkLookupEventsAnswer(status, headers, body) {
    if (status >= 200 && status < 300)
        return checkPage(status, body, (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_1__/* .clip */ .$Q)(headers.contentType ?? '', 80));
    (0,_answer_check_js__WEBPACK_IMPORTED_MODULE_0__/* .checkAnswer */ .dG)(status, headers, body, WORDS);
}


/***/ }),

/***/ 701:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E: () => (/* binding */ paginate),
/* harmony export */   N: () => (/* binding */ TokenGuard)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4296);


// The one NextToken loop. A service that repeats a token would be followed forever; one that sends megabyte
// tokens must not grow the runner's memory. So each token is remembered by its SHA-256 fingerprint only, held
// to the API's documented length where it has one, and a repeat ends the read as incomplete.
/** Remembers the page tokens of one paginated read by fingerprint. */
class TokenGuard {
    what;
    maxLength;
    seen = new Set();
    /** `maxLength`: the API's documented bound on a token (Athena: 1,024), if it has one. */
    constructor(what, maxLength = Number.POSITIVE_INFINITY) {
        this.what = what;
        this.maxLength = maxLength;
    }
    /** Throws when `token` is longer than the API allows or was seen before in this read. */
    check(token) {
        if (token === undefined)
            return;
        if (token.length > this.maxLength) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceFailure */ .oi('bad-response', `${this.what} returned a NextToken of ${token.length} characters, longer than the ${this.maxLength} it allows`);
        }
        const print = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(token).digest('base64');
        if (this.seen.has(print))
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .SourceFailure */ .oi('repeated-token', `${this.what} repeated a page token`);
        this.seen.add(print);
    }
    /** Characters held, whatever the tokens' size (44 a token). */
    get held() {
        return this.seen.size * 44;
    }
}
/**
 * Every page of a paginated read, in order: `fetch(undefined)` first, then each page's token until one has
 * none. `tokenOf` reads a validated page's token (validation is the source's: a page must be a page).
 */
async function* paginate(fetch, tokenOf, guard) {
    let token;
    do {
        const page = await fetch(token);
        token = tokenOf(page);
        // The page is judged first: a forbidden event on a page whose token is bad is still found.
        yield page;
        guard.check(token);
    } while (token !== undefined);
}


/***/ }),

/***/ 2495:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   dG: () => (/* binding */ deadlineFailure),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
/* unused harmony export LOOKUP_WORDS */
/* harmony import */ var _core_bounded_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(926);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _attempt_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1836);
/* harmony import */ var _classify_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8199);
/* harmony import */ var _pacer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5210);





const DEFAULT_RETRY = { maxThrottleRetries: 20, maxErrorRetries: 4 };
/** `Name: message` of an SDK error, bounded. */
function describeError(error) {
    if (typeof error !== 'object' || error === null)
        return (0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(String(error));
    const shape = error;
    const code = typeof shape.AthenaErrorCode === 'string' ? `, ${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(shape.AthenaErrorCode, 100)}` : '';
    return `${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(shape.name ?? 'Error', 100)}${code}: ${(0,_core_bounded_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(shape.message ?? '')}`;
}
/** LookupEvents' words (its messages predate the others, and people search logs for them). */
const LOOKUP_WORDS = {
    throttled: count => `throttled ${count} times in a row (ThrottlingException: Rate exceeded)`,
    transient: (reason, count) => `${reason}, ${count} attempts`,
    fatal: disposition => disposition.reason
};
/** The deadline's own failure, or a plain one when the signal carries none. */
function deadlineFailure(signal) {
    const reason = signal.reason;
    return reason instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi
        ? reason
        : new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi('deadline', 'the scan ran past its deadline');
}
/** Calls `send` until it answers, or throws a SourceFailure saying why not. */
async function retrying(send, deps) {
    const words = deps.words ?? LOOKUP_WORDS;
    let throttles = 0;
    let errors = 0;
    for (;;) {
        if (deps.signal.aborted)
            throw deadlineFailure(deps.signal);
        let error;
        try {
            await deps.pacer?.acquire(deps.signal);
            const output = await (0,_attempt_js__WEBPACK_IMPORTED_MODULE_3__/* .boundedAttempt */ .FH)(send, deps);
            deps.pacer?.onSuccess();
            return output;
        }
        catch (caught) {
            if (deps.signal.aborted)
                throw deadlineFailure(deps.signal);
            // Already a verdict on the call (an account's role that cannot be assumed when its credentials are signed).
            if (caught instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi)
                throw caught;
            error = caught;
        }
        const disposition = (0,_classify_js__WEBPACK_IMPORTED_MODULE_1__/* .classify */ .L)(error);
        if (disposition.retry === 'never') {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi(disposition.code, words.fatal(disposition, error));
        }
        if (disposition.retry === 'throttle') {
            deps.pacer?.onThrottle();
            throttles += 1;
            if (throttles > deps.policy.maxThrottleRetries) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi('throttled', words.throttled(throttles, error));
            }
        }
        else {
            errors += 1;
            if (errors > deps.policy.maxErrorRetries) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .SourceFailure */ .oi(disposition.code, words.transient(disposition.reason, errors));
            }
        }
        deps.onRetry?.(disposition.retry === 'throttle' ? 'throttle' : 'transient');
        const attempt = disposition.retry === 'throttle' ? throttles : errors;
        await deps.clock.sleep((0,_pacer_js__WEBPACK_IMPORTED_MODULE_4__/* .backoffMs */ .j)(attempt, deps.random), deps.signal).catch(() => undefined);
    }
}


/***/ }),

/***/ 6991:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  scan: () => (/* binding */ scan)
});

// EXTERNAL MODULE: ./src/aws/attempt.ts
var attempt = __webpack_require__(1836);
// EXTERNAL MODULE: ./src/aws/pacer.ts
var aws_pacer = __webpack_require__(5210);
;// CONCATENATED MODULE: ./src/aws/budgets.ts

class RateBudgets {
    rate;
    clock;
    pacers = new Map();
    constructor(rate, clock) {
        this.rate = rate;
        this.clock = clock;
    }
    pacer(key) {
        const id = `${key.account}|${key.region}|${key.api}`;
        let pacer = this.pacers.get(id);
        if (pacer === undefined) {
            pacer = new aws_pacer/* Pacer */._(this.rate, this.clock);
            this.pacers.set(id, pacer);
        }
        return pacer;
    }
}

// EXTERNAL MODULE: ./src/aws/own-requests.ts
var own_requests = __webpack_require__(6532);
// EXTERNAL MODULE: ./src/core/coverage.ts
var core_coverage = __webpack_require__(7989);
// EXTERNAL MODULE: ./src/core/dates.ts
var dates = __webpack_require__(194);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/nearness.ts
var nearness = __webpack_require__(5402);
// EXTERNAL MODULE: ./src/core/patterns.ts
var patterns = __webpack_require__(8132);
;// CONCATENATED MODULE: ./src/core/near-misses.ts


// Near misses in the data: the identity's events whose name is close to a forbidden pattern that did not
// match them (another case, a slip or two, the right name from another service). When a scan ends clean they
// are the cheapest way to spot a wrong pattern: `DeleteBuckets` forbidden, `DeleteBucket` done.
/** Most distinct (source, name) pairs the evaluator remembers: a scan's memory stays bounded. */
const MAX_DISTINCT_NAMES = 2000;
/** Longest event name tallied: a pattern's name is at most 128 characters, plus two slips. */
const MAX_NAME_LENGTH = 130;
/** Most near misses reported. */
const MAX_NEAR_MISSES = 50;
/** Counts of the identity's unmatched event names, by source, up to {@link MAX_DISTINCT_NAMES} pairs. */
class NameTally {
    counts = new Map();
    /** True when a pair was left out because the tally was full. */
    truncated = false;
    add(name, source) {
        // A pattern's name is at most 128 characters and a near miss at most 2 slips away: a longer name (a hostile
        // server's 5 MB one) can never be near, and is not worth its memory.
        if (name.length > MAX_NAME_LENGTH || source.length > MAX_NAME_LENGTH * 2)
            return;
        const key = `${source} ${name}`;
        const entry = this.counts.get(key);
        if (entry)
            entry.count += 1;
        else if (this.counts.size < MAX_DISTINCT_NAMES)
            this.counts.set(key, { name, source, count: 1 });
        else
            this.truncated = true;
    }
    entries() {
        return [...this.counts.values()];
    }
}
/** Why `name` from `source` nearly matched `pattern` (it did not match it: the caller only passes unmatched names). */
function isNear(pattern, name, source) {
    const otherSource = pattern.source !== undefined && pattern.source !== source;
    // A wildcard in another case (`delete*`), or the right names from another service.
    // Case-insensitive, in linear time (a backtracking regex can hang on `*a*a*a*…b`).
    if (!pattern.exact)
        return (0,patterns/* globMatch */.eu)(pattern.name.toLowerCase(), name.toLowerCase());
    if (name === pattern.name)
        return otherSource;
    return (0,nearness/* slipDistance */.yg)(pattern.name, name) !== undefined;
}
/** The unmatched names close to a forbidden pattern, most frequent first, at most {@link MAX_NEAR_MISSES}. */
function findNearMisses(patterns, names) {
    const misses = [];
    for (const pattern of patterns) {
        for (const { name, source, count } of names) {
            if (isNear(pattern, name, source))
                misses.push({ pattern: pattern.text, name, source, count });
        }
    }
    return misses
        .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, MAX_NEAR_MISSES);
}

// EXTERNAL MODULE: ./src/core/record.ts
var core_record = __webpack_require__(4130);
// EXTERNAL MODULE: ./src/core/scope.ts
var core_scope = __webpack_require__(3203);
;// CONCATENATED MODULE: ./src/core/compact.ts
// Matched events are the one thing a scan keeps, and a discovery keeps every event: 100,000 of them. Each came out
// of its own JSON answer, so each held its own copy of the user's name and ARN, the event name, its service, its
// IP address; its time was a slice of a longer string, joined to a 'Z'; its resource list had room for 17. About
// 900 bytes an event; kept once each and in one piece, about 300.
/** Longest string kept once for all events; longer ones (never real) stay as they are. */
const MAX_SHARED_LENGTH = 2_048;
/** Most distinct strings kept once; past it (a hostile answer of ever-new names) new ones stay as they are. */
const MAX_SHARED = 8_192;
const NO_RESOURCES = Object.freeze([]);
/**
 * `text` in one piece. V8 keeps the result of slicing and joining strings as references to their parts (EventTime's
 * 20 characters kept the 24 of toISOString() and a 'Z' alive); normalize() returns such a string flattened. A
 * string that normalising would change (a server's decomposed accents) is returned as it is: never altered.
 */
function flat(text) {
    const copy = text.normalize();
    return copy === text ? copy : text;
}
/** Keeps the strings that repeat across matched events once, and each event's parts small. */
class Compactor {
    shared = new Map();
    /** The one kept copy of `text`, in one piece. */
    intern(text) {
        const known = this.shared.get(text);
        if (known !== undefined)
            return known;
        if (text.length > MAX_SHARED_LENGTH || this.shared.size >= MAX_SHARED)
            return text;
        const copy = flat(text);
        this.shared.set(copy, copy);
        return copy;
    }
    internOrNull(text) {
        return text === null ? null : this.intern(text);
    }
    /** A list of exactly its length (one shared empty list): lists built by push keep room for more. */
    list(values) {
        return values.length === 0 ? NO_RESOURCES : values.slice();
    }
}

// EXTERNAL MODULE: ./src/core/judge.ts
var judge = __webpack_require__(1128);
;// CONCATENATED MODULE: ./src/core/seen-ids.ts
// The EventIds a scan has seen, to count and keep each event once. Sets of id strings held 100,000 ids in about 8 MB
// of V8's heap, every one of them surviving its young generation (which V8 then grows). CloudTrail's EventIds
// are lowercase UUIDs: here each is 16 bytes and a byte of marks in one table outside the heap. Any other id (a
// hostile server's) is kept as its string: two ids are the same exactly when their strings are.
/** What has been done with an id. */
const EXAMINED = 1;
const KEPT = 2;
const UUID_LENGTH = 36;
const FIRST_SLOTS = 1_024;
/** Grow when the table is this full: linear probing stays short below it. */
const MAX_LOAD = 0.8;
/** A hex digit's value, or -1. Lowercase only: an uppercase id is another id, so it stays a string. */
function nibble(code) {
    if (code >= 48 && code <= 57)
        return code - 48;
    if (code >= 97 && code <= 102)
        return code - 87;
    return -1;
}
/** The four 32-bit words of a lowercase UUID, or false when `id` is not one. */
function uuidWords(id, out) {
    if (id.length !== UUID_LENGTH)
        return false;
    let word = 0;
    let digits = 0;
    for (let i = 0; i < UUID_LENGTH; i++) {
        const code = id.charCodeAt(i);
        if (i === 8 || i === 13 || i === 18 || i === 23) {
            if (code !== 45)
                return false;
            continue;
        }
        const value = nibble(code);
        if (value < 0)
            return false;
        word = word * 16 + value;
        digits += 1;
        if (digits % 8 === 0) {
            out[digits / 8 - 1] = word;
            word = 0;
        }
    }
    return true;
}
class SeenIds {
    slots = FIRST_SLOTS;
    words = new Uint32Array(FIRST_SLOTS * 4);
    /** 0: an empty slot; otherwise the id's marks. */
    marks = new Uint8Array(FIRST_SLOTS);
    count = 0;
    others = new Map();
    key = new Uint32Array(4);
    /** A random hash seed: ids a server chose cannot all be made to land on one slot. */
    seed = (Math.random() * 0x1_0000_0000) >>> 0;
    /** Gives `id` the mark; returns whether it had it already. */
    mark(id, mark) {
        if (!uuidWords(id, this.key)) {
            const marks = this.others.get(id) ?? 0;
            this.others.set(id, marks | mark);
            return (marks & mark) !== 0;
        }
        const slot = this.find(this.key);
        const marks = this.marks[slot] ?? 0;
        if (marks === 0) {
            this.words.set(this.key, slot * 4);
            this.count += 1;
        }
        this.marks[slot] = marks | mark;
        if (marks === 0 && this.count > this.slots * MAX_LOAD)
            this.grow();
        return (marks & mark) !== 0;
    }
    /** How many distinct ids have a mark. */
    get size() {
        return this.count + this.others.size;
    }
    hash(key) {
        let h = this.seed;
        for (let i = 0; i < 4; i++) {
            h = Math.imul(h ^ (key[i] ?? 0), 0x9e3779b1);
            h ^= h >>> 15;
        }
        return h >>> 0;
    }
    /** The slot that holds `key`, or the empty slot where it belongs. */
    find(key) {
        const mask = this.slots - 1;
        let slot = this.hash(key) & mask;
        for (;;) {
            if (this.marks[slot] === 0)
                return slot;
            const at = slot * 4;
            const w = this.words;
            if (w[at] === key[0] && w[at + 1] === key[1] && w[at + 2] === key[2] && w[at + 3] === key[3]) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }
    grow() {
        const { words, marks } = this;
        this.slots *= 2;
        this.words = new Uint32Array(this.slots * 4);
        this.marks = new Uint8Array(this.slots);
        const key = new Uint32Array(4);
        for (let old = 0; old < marks.length; old++) {
            const mark = marks[old] ?? 0;
            if (mark === 0)
                continue;
            key.set(words.subarray(old * 4, old * 4 + 4));
            const slot = this.find(key);
            this.words.set(key, slot * 4);
            this.marks[slot] = mark;
        }
    }
}

;// CONCATENATED MODULE: ./src/core/tally.ts






// Pure: judges normalised records, whatever source fetched them, and keeps only matched events, never the
// whole scan. Each EventId counts once per scan, however many lookups returned it.
const DAY_MS = 86_400_000;
/** The approval that names an event, as the event carries it: its last day, reason, and whether it has expired. */
function approvalOf(approvals, id, nowMs) {
    const approval = approvals.get(id);
    if (approval === undefined)
        return null;
    return {
        until: (0,dates/* isoSeconds */.nE)(new Date(approval.until.getTime() + 1 - DAY_MS)).slice(0, 10),
        reason: approval.reason ?? null,
        expired: nowMs > approval.until.getTime()
    };
}
function toMatched(record, judgement, approved, compact) {
    return {
        UserName: compact.intern(record.username ?? ''),
        EventTime: flat((0,dates/* isoSeconds */.nE)(record.time)),
        EventName: compact.intern(record.name),
        Resources: compact.list(record.resources),
        EventId: record.id,
        EventSource: compact.intern(record.source),
        Region: compact.intern(record.region),
        ErrorCode: compact.internOrNull(record.errorCode),
        ReadOnly: record.readOnly,
        SourceIPAddress: compact.internOrNull(record.sourceIp),
        UserArn: compact.internOrNull(record.userIdentity?.arn ?? null),
        Forbidden: judgement.forbidden,
        ForbiddenBy: compact.internOrNull(judgement.forbiddenBy ?? null),
        // An approval concerns only a forbidden event.
        Approved: judgement.forbidden ? approved : null,
        ...(record.account !== undefined && { Account: compact.intern(record.account) })
    };
}
/**
 * The event names of the calls the gate makes itself (its marker, its reads, its set-up). Only records of these
 * names are looked up in the gate's own request IDs, so the CloudTrailEvent of every other record stays unparsed.
 */
const OWN_CALL_NAMES = new Set([
    'GetCallerIdentity',
    'AssumeRole',
    'AssumeRoleWithWebIdentity',
    'LookupEvents',
    'DescribeTrails',
    'GetTrail',
    'GetTrailStatus',
    'StartQueryExecution',
    'GetQueryExecution',
    'GetQueryResults',
    'GetQueryRuntimeStatistics',
    'StopQueryExecution',
    'GetTable',
    'GetPartitions',
    'BatchGetPartition',
    'ListAccounts'
]);
/** Records of those names whose request ID was not (yet) known as ours, held until the end: at most this many. */
const MAX_PENDING = 20_000;
class Evaluator {
    query;
    options;
    judge;
    matched = [];
    compact = new Compactor();
    /** EventIds examined, and kept: a copy that differs from one seen before is judged, never assumed equal. */
    seen = new SeenIds();
    /** With `idOrdered`, the last examined id stands for the set: copies of an event arrive next to each other. */
    lastExamined;
    discovery;
    examined = 0;
    /** Records of the gate's own calls set aside. */
    ownCalls = 0;
    /**
     * Records that may be the gate's own calls whose answer has not arrived yet (a lane's page can hold the call
     * another lane is still waiting on): judged at `finish()`, when every request ID is known.
     */
    pending = [];
    finished = false;
    /** The identity's events that matched no pattern, by name and source (bounded), for near misses. */
    unmatched = new NameTally();
    /**
     * `idOrdered`: the source hands records in EventId order (the Athena source sorts and checks), so counting each
     * id once needs only the last one, not a set of every id: a million-row result then runs in constant memory.
     */
    approvals;
    /** `now`: when the run started, against which approvals expire (default: the clock's now at construction). */
    constructor(query, options = {}) {
        this.query = query;
        this.options = options;
        this.judge = (0,judge/* recordJudge */.tD)(query);
        this.discovery = (0,judge/* isDiscovery */.rT)(query);
        this.approvals = new Map(query.approvals.map(a => [a.eventId, a]));
    }
    /**
     * Evaluates one page of records. Throws a PageRecordError for a record it cannot judge: the caller makes
     * the scan incomplete; the records before it have been counted.
     */
    addPage(records) {
        let examined = 0;
        let matched = 0;
        records.forEach((record, position) => {
            try {
                const counted = this.add(record);
                examined += counted.examined;
                matched += counted.matched;
            }
            catch (error) {
                if (error instanceof core_record/* RecordError */.W1)
                    throw new core_record/* PageRecordError */.jS(error, position);
                throw error;
            }
        });
        this.examined += examined;
        return { scanned: records.length, examined, matched };
    }
    add(partial) {
        // A partly read record (LookupEvents' top level) is completed only when its judgement needs the
        // CloudTrailEvent (ARN identities) or it is kept: most records of a long scan match nothing.
        let record = this.query.identity.kind === 'name' ? partial : (partial.full?.() ?? partial);
        let judgement = this.judge(record);
        if (!judgement.inScope)
            return { examined: 0, matched: 0 };
        if (OWN_CALL_NAMES.has(record.name) && this.options.own) {
            record = record.full?.() ?? record;
            if (this.options.own.has(record.requestId)) {
                this.ownCalls += 1;
                return { examined: 0, matched: 0 };
            }
            if (!this.finished && record.requestId !== null && this.pending.length < MAX_PENDING) {
                this.pending.push(record);
                return { examined: 0, matched: 0 };
            }
        }
        // Kept: every event in discovery; else what a pattern matched (read-only ones shown as exempt) or is forbidden.
        const keep = (j) => this.discovery || j.pattern !== undefined || j.forbidden;
        if (keep(judgement) && record.full) {
            record = record.full();
            judgement = this.judge(record);
            if (!judgement.inScope)
                return { examined: 0, matched: 0 };
        }
        let examined;
        if (this.options.idOrdered) {
            examined = this.lastExamined === record.id ? 0 : 1;
            this.lastExamined = record.id;
        }
        else {
            examined = this.seen.mark(record.id, EXAMINED) ? 0 : 1;
        }
        if (examined === 1 && !this.discovery && judgement.pattern === undefined) {
            this.unmatched.add(record.name, record.source);
        }
        if (!keep(judgement) || this.seen.mark(record.id, KEPT))
            return { examined, matched: 0 };
        const approved = approvalOf(this.approvals, record.id, this.options.now ?? Date.now());
        this.matched.push(toMatched(record, judgement, approved, this.compact));
        return { examined, matched: 1 };
    }
    /**
     * Judges the records held back as possibly the gate's own, now that every request ID is known. Returns the
     * counts per Region, for the summary.
     */
    finish() {
        this.finished = true;
        const held = this.pending;
        this.pending = [];
        return held.map(record => {
            const counts = this.add(record);
            this.examined += counts.examined;
            return {
                region: record.region,
                ...(record.account !== undefined && { account: record.account }),
                ...counts
            };
        });
    }
    /** Matched events, newest first (several lookups and Regions are merged here). */
    events() {
        return [...this.matched].sort((a, b) => a.EventTime === b.EventTime ? a.EventId.localeCompare(b.EventId) : a.EventTime < b.EventTime ? 1 : -1);
    }
}
/**
 * Counts and the gate's verdict over the matched events. A forbidden event fails the gate unless it is a denied
 * attempt under ignore-denied, or an approval still holds for it.
 */
function tally_judge(query, events) {
    const byName = new Map();
    const violations = new Map();
    let denied = 0;
    let approved = 0;
    let expired = 0;
    for (const event of events) {
        const entry = byName.get(event.EventName) ?? { name: event.EventName, count: 0, denied: 0 };
        entry.count += 1;
        if (event.ErrorCode !== null)
            entry.denied += 1;
        byName.set(event.EventName, entry);
        if (!event.Forbidden)
            continue;
        if (event.ErrorCode !== null)
            denied += 1;
        if (event.ErrorCode !== null && query.ignoreDenied)
            continue;
        if (event.Approved !== null && !event.Approved.expired) {
            approved += 1;
            continue;
        }
        if (event.Approved?.expired)
            expired += 1;
        violations.set(event.EventName, (violations.get(event.EventName) ?? 0) + 1);
    }
    const byCount = (a, b) => b.count - a.count || a.name.localeCompare(b.name);
    return {
        countsByName: [...byName.values()].sort(byCount),
        violations: [...violations].map(([name, count]) => ({ name, count })).sort(byCount),
        denied,
        approved,
        expired,
        found: violations.size > 0
    };
}

// EXTERNAL MODULE: ./src/aws/clients.ts + 1 modules
var clients = __webpack_require__(8016);
// EXTERNAL MODULE: ./src/aws/retry.ts
var retry = __webpack_require__(2495);
// EXTERNAL MODULE: ./src/core/constants.ts
var constants = __webpack_require__(6214);
// EXTERNAL MODULE: ./src/core/delivery.ts
var core_delivery = __webpack_require__(7847);
// EXTERNAL MODULE: ./src/core/bounded.ts
var bounded = __webpack_require__(926);
// EXTERNAL MODULE: ./src/sources/lookup-events/barrier/await.ts
var barrier_await = __webpack_require__(7475);
// EXTERNAL MODULE: ./src/aws/marker.ts
var aws_marker = __webpack_require__(3116);
;// CONCATENATED MODULE: ./src/sources/lookup-events/barrier/index.ts





/**
 * The delivery barrier of one Region: a marker call made now, then LookupEvents polled (through the Region's
 * pacer) until CloudTrail shows it. Resolves once the Region's events up to the marker are taken as delivered;
 * throws a SourceFailure ('delivery') when the marker cannot be placed or never shows: never a clean verdict.
 */
async function holdBarrier(region, lookup, options) {
    const sts = await options.stsFor(region).catch((error) => {
        throw new errors/* SourceFailure */.oi('delivery', `no STS client to place the delivery marker with in ${region} (${(0,bounded/* quote */.hD)((0,errors/* errorMessage */.gJ)(error))})`);
    });
    const marker = await (0,aws_marker/* placeMarker */.M)(region, sts, lookup);
    options.own?.add(marker.requestId);
    options.progress?.(`[${region}] delivery marker placed: GetCallerIdentity as ${marker.callerArn}, request ${marker.requestId}`);
    const delivery = await (0,barrier_await/* awaitMarker */.LK)(marker, lookup, {
        timeoutMs: options.timeoutMs,
        ...(options.progress && { progress: options.progress })
    });
    options.onOutcome(delivery);
    if (!delivery.delivered)
        throw new errors/* SourceFailure */.oi('delivery', (0,barrier_await/* notDeliveredReason */.Ei)(delivery, options.timeoutMs));
}
/**
 * The parts a window is read in: the whole (taken as delivered when it ended before the horizon; with the
 * barrier off, its fresh end read unproven), or behind a barrier the older part, then the fresh one once the
 * barrier holds. Separate parts because a NextToken is bound to its window.
 */
function partsOf(plan, window) {
    switch (plan.kind) {
        case 'old-window':
            return [{ window, afterBarrier: false, claims: [{ window, delivered: 'old-window' }] }];
        case 'skipped': {
            const fresh = { start: plan.freshFrom, end: window.end };
            const older = { start: window.start, end: plan.freshFrom };
            const claims = [
                ...(window.start.getTime() < plan.freshFrom.getTime()
                    ? [{ window: older, delivered: 'old-window' }]
                    : []),
                { window: fresh, delivered: 'unproven' }
            ];
            return [{ window, afterBarrier: false, claims }];
        }
        case 'barrier':
            return [
                ...(plan.older
                    ? [
                        {
                            window: plan.older,
                            afterBarrier: false,
                            claims: [{ window: plan.older, delivered: 'old-window' }]
                        }
                    ]
                    : []),
                { window: plan.fresh, afterBarrier: true, claims: [{ window: plan.fresh, delivered: 'proven' }] }
            ];
    }
}

// EXTERNAL MODULE: ./src/sources/lookup-events/candidates.ts
var candidates = __webpack_require__(6871);
// EXTERNAL MODULE: ./src/aws/pages.ts
var aws_pages = __webpack_require__(701);
// EXTERNAL MODULE: ./src/sources/lookup-events/call.ts
var call = __webpack_require__(9293);
;// CONCATENATED MODULE: ./src/sources/lookup-events/decode.ts

// LookupEvents' SDK `Event` → TrailRecord. Top-level fields first; the CloudTrailEvent JSON where one is
// missing, and for everything else only when someone needs it (`full`).
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
function validTime(value) {
    if (value instanceof Date) {
        const ms = value.getTime();
        return Number.isFinite(ms) ? new Date(Math.floor(ms / 1000) * 1000) : undefined;
    }
    if (typeof value !== 'string' || !ISO_TIME.test(value))
        return undefined;
    return validTime(new Date(value));
}
/** The CloudTrailEvent JSON as an object, or a RecordError saying what is wrong with it. */
function parseDetail(event, id) {
    const json = event.CloudTrailEvent;
    if (json === undefined || json === null)
        throw new core_record/* RecordError */.W1('it has no CloudTrailEvent', id);
    if (typeof json !== 'string')
        throw new core_record/* RecordError */.W1('its CloudTrailEvent is not a string', id);
    let value;
    try {
        value = JSON.parse(json);
    }
    catch {
        throw new core_record/* RecordError */.W1('its CloudTrailEvent is not JSON', id);
    }
    if (!(0,core_record/* isObject */.Gv)(value))
        throw new core_record/* RecordError */.W1('its CloudTrailEvent is not a JSON object', id);
    return value;
}
/**
 * An optional string field of the detail: absent, null or empty is null (an empty errorCode is no error), and
 * anything else but a string is an error.
 */
function optionalString(detail, field, id) {
    const value = detail[field];
    if (value === undefined || value === null)
        return null;
    if (typeof value !== 'string')
        throw new core_record/* RecordError */.W1(`its CloudTrailEvent ${field} is not a string`, id);
    return (0,core_record/* absentIfEmpty */.g9)(value);
}
function resourcesOf(event, id) {
    const resources = event.Resources;
    if (resources === undefined || resources === null)
        return [];
    if (!Array.isArray(resources))
        throw new core_record/* RecordError */.W1('its Resources is not a list', id);
    return resources.flatMap((r) => {
        const name = (0,core_record/* isObject */.Gv)(r) ? (0,core_record/* nonEmpty */.hq)(r['ResourceName']) : undefined;
        return name === undefined ? [] : [name];
    });
}
function topReadOnly(event) {
    return event.ReadOnly === 'true' ? true : event.ReadOnly === 'false' ? false : null;
}
function topFields(event) {
    const username = event.Username;
    return {
        id: (0,core_record/* nonEmpty */.hq)(event.EventId),
        time: validTime(event.EventTime),
        name: (0,core_record/* nonEmpty */.hq)(event.EventName),
        source: (0,core_record/* nonEmpty */.hq)(event.EventSource),
        username: (0,core_record/* nonEmpty */.hq)(username)
    };
}
/** Every field, from the top level where LookupEvents gave it and from the CloudTrailEvent JSON otherwise. */
function fullRecord(event, top, lookupRegion, account) {
    const detail = parseDetail(event, top.id);
    const id = top.id ?? (0,core_record/* nonEmpty */.hq)(detail['eventID']);
    if (id === undefined)
        throw new core_record/* RecordError */.W1('it has no EventId');
    const time = top.time ?? validTime(detail['eventTime']);
    if (time === undefined)
        throw new core_record/* RecordError */.W1('it has no valid EventTime', id);
    const name = top.name ?? (0,core_record/* nonEmpty */.hq)(detail['eventName']);
    if (name === undefined)
        throw new core_record/* RecordError */.W1('it has no EventName', id);
    const source = top.source ?? (0,core_record/* nonEmpty */.hq)(detail['eventSource']);
    if (source === undefined)
        throw new core_record/* RecordError */.W1('it has no EventSource', id);
    const userIdentity = (0,core_record/* checkUserIdentity */.KH)(detail['userIdentity'], id);
    const readOnly = detail['readOnly'];
    return (0,core_record/* withinLimits */.oA)({
        id,
        time,
        name,
        source,
        region: optionalString(detail, 'awsRegion', id) || lookupRegion,
        username: top.username ?? (0,core_record/* usernameOf */.cR)(userIdentity),
        userIdentity,
        errorCode: optionalString(detail, 'errorCode', id),
        readOnly: typeof readOnly === 'boolean' ? readOnly : topReadOnly(event),
        resources: resourcesOf(event, id),
        sourceIp: optionalString(detail, 'sourceIPAddress', id),
        requestId: optionalString(detail, 'requestID', id),
        ...(account !== undefined && { account })
    });
}
/**
 * Normalises one LookupEvents record from `lookupRegion` (of `account`'s history, when the scan names accounts). When every top-level field the judgement needs is
 * there and valid, the CloudTrailEvent JSON is left unparsed and the record carries `full`; otherwise the
 * JSON is read at once for the missing fields, and a record still missing one throws a RecordError.
 */
function fromLookupEvent(event, lookupRegion, account) {
    if (!(0,core_record/* isObject */.Gv)(event))
        throw new core_record/* RecordError */.W1('it is not an object');
    const top = topFields(event);
    const { id, time, name, source, username } = top;
    if (id === undefined || time === undefined || name === undefined || source === undefined || !username) {
        return fullRecord(event, top, lookupRegion, account);
    }
    return (0,core_record/* withinLimits */.oA)({
        id,
        time,
        name,
        source,
        region: lookupRegion,
        username,
        userIdentity: undefined,
        errorCode: null,
        readOnly: topReadOnly(event),
        resources: resourcesOf(event, id),
        sourceIp: null,
        requestId: null,
        ...(account !== undefined && { account }),
        full: () => fullRecord(event, top, lookupRegion, account)
    });
}
/** A LookupEvents page as records; a record that cannot be normalised throws a PageRecordError. */
function fromLookupEvents(events, lookupRegion, account) {
    return events.map((event, position) => {
        try {
            return fromLookupEvent(event, lookupRegion, account);
        }
        catch (error) {
            if (error instanceof core_record/* RecordError */.W1)
                throw new core_record/* PageRecordError */.jS(error, position);
            throw error;
        }
    });
}

// EXTERNAL MODULE: ./src/sources/lookup-events/plan.ts
var plan = __webpack_require__(2694);
;// CONCATENATED MODULE: ./src/sources/lookup-events/lane.ts








function describeTask(task) {
    return `${task.region} ${(0,candidates/* attributeKey */.s)(task.attribute)}${task.globalOnly ? ' (global services only)' : ''}`;
}
/** The account a lane's records are tagged with: a named one, never the credentials' own (`self`). */
function namedAccount(slice) {
    return slice.account === core_coverage/* SELF */.TK || slice.account === core_coverage/* ANY */.x4 ? undefined : slice.account;
}
/** Normalises one page; a record that cannot be normalised stops the read, naming where it sat. */
function decode(events, task, where, slice) {
    try {
        return fromLookupEvents(events, task.region, namedAccount(slice));
    }
    catch (error) {
        if (!(error instanceof core_record/* PageRecordError */.jS))
            throw error;
        throw new errors/* SourceFailure */.oi('bad-record', (0,core_record/* describeRecordError */.rp)(error, where));
    }
}
/** True when the part read every event of the identity: the chosen candidate did, or a Username lookup ended. */
function readEveryEventOfIdentity(report) {
    if (report.chosen === 'identity' || report.chosen === 'region')
        return true;
    const identity = report.candidates.find(c => c.kind === 'identity');
    return (identity !== undefined &&
        identity.lookups.every(key => report.lookups.some(l => l.lookup === key && l.complete)));
}
/** Every page of one part of a lane, then its coverage claim. Throws SourceFailure. */
async function* readLanePart(part, ctx) {
    const { planner } = part;
    const { slice } = ctx;
    const region = slice.region;
    const guards = new Map();
    const pages = new Map();
    let announced = false;
    const announce = () => {
        if (announced)
            return;
        announced = true;
        if (planner.report().chosen)
            ctx.progress?.info(`[${region}] ${(0,plan/* describeLaneChoice */.h2)(planner.report())}`);
        ctx.onChosen?.();
    };
    let logged = 0;
    const logReplans = () => {
        for (const replan of planner.replanned.slice(logged))
            ctx.progress?.info(`[${region}] ${(0,plan/* describeReplan */.iZ)(replan)}`);
        logged = planner.replanned.length;
    };
    try {
        for (let step = planner.next(); step; step = planner.next()) {
            logReplans();
            if (!step.probe)
                announce();
            const key = (0,candidates/* attributeKey */.s)(step.lookup);
            const task = { region, attribute: step.lookup, globalOnly: slice.globalOnly };
            const page = await (0,call/* lookupPage */.SM)(task, part.window, step.nextToken, ctx.lookup);
            const n = (pages.get(key) ?? 0) + 1;
            pages.set(key, n);
            const account = namedAccount(slice);
            const where = `page ${n} of LookupEvents ${account ? `in account ${account} ` : ''}${describeTask(task)}`;
            const records = decode(page.events, task, where, slice);
            yield { records, where, region, fetched: true };
            const guard = guards.get(key) ?? new aws_pages/* TokenGuard */.N('LookupEvents');
            guards.set(key, guard);
            guard.check(page.nextToken);
            if (step.probe) {
                const last = page.nextToken ? '' : ', the last page';
                ctx.progress?.info(`[${region}] probe ${key}: ${page.events.length} events${last}`);
            }
            planner.record(step.lookup, {
                events: page.events.length,
                oldestMs: records[records.length - 1]?.time.getTime(),
                nextToken: page.nextToken
            });
        }
    }
    finally {
        logReplans();
        announce();
    }
    const identity = readEveryEventOfIdentity(planner.report()) ? 'all' : 'named';
    const covered = part.claims.map(claim => ({
        account: slice.account,
        region,
        globalOnly: slice.globalOnly,
        window: claim.window,
        delivered: claim.delivered,
        identity
    }));
    yield { records: [], where: `the end of LookupEvents in ${region}`, region, covered, fetched: false };
}

;// CONCATENATED MODULE: ./src/sources/lookup-events/estimate.ts


/** Estimates are capped so that a page covering a single second cannot overflow sums. */
const MAX_ESTIMATE = 1_000_000_000;
function afterPage(state, page) {
    const oldest = page.oldestMs === undefined
        ? state?.oldestMs
        : Math.min(page.oldestMs, state?.oldestMs ?? Number.POSITIVE_INFINITY);
    return {
        pages: (state?.pages ?? 0) + 1,
        events: (state?.events ?? 0) + page.events,
        oldestMs: oldest,
        nextToken: page.nextToken,
        done: page.nextToken === undefined
    };
}
/**
 * Pages a lookup still needs. Unread: 1, a lower bound (its first page). Read to the end: 0. Otherwise at
 * least 1 (the service gave a NextToken), else the density estimate above less the pages already read.
 */
function remainingPages(state, span) {
    if (state === undefined)
        return 1;
    if (state.done)
        return 0;
    const width = span.endMs - span.startMs;
    if (state.oldestMs === undefined || state.events === 0 || width <= 0)
        return 1;
    // At least one second covered: a page of events that all share the window's last second says "very many".
    const covered = Math.min(width, Math.max(span.endMs - state.oldestMs, Math.min(1000, width)));
    const total = Math.min(MAX_ESTIMATE, Math.ceil((state.events * (width / covered)) / constants/* PAGE_SIZE */.md));
    return Math.max(1, total - state.pages);
}
function candidateCost(candidate, states, span) {
    let remaining = 0;
    let read = 0;
    let atLeast = false;
    for (const lookup of candidate.lookups) {
        const state = states.get((0,candidates/* attributeKey */.s)(lookup));
        if (state === undefined)
            atLeast = true;
        read += state?.pages ?? 0;
        remaining += remainingPages(state, span);
    }
    return { remaining, read, atLeast };
}

;// CONCATENATED MODULE: ./src/sources/lookup-events/planner.ts


// Pure: the plan of one lane, page by page. Probe (first pages, cheapest-looking candidate first, until no
// unprobed candidate could beat the best known one), choose the cheapest, run it to its end resuming from the
// probes' NextTokens, and re-plan when its estimate turns out far worse than another's. The driver fetches the
// page `next()` names and reports it with `record()`; every page, probe or not, is judged by the driver's
// evaluator, so switching loses nothing and the plan never changes the verdict.
/** Re-plan when the chosen candidate needs at least this many times the pages of another… */
const SWITCH_FACTOR = 2;
/** …and at least this many pages more (a few pages of misjudgement are cheaper than probing again). */
const SWITCH_MIN_PAGES = 10;
/** Re-plans per lane at most, so estimates that keep swinging cannot make the plan flip-flop. */
const MAX_REPLANS = 3;
class LanePlanner {
    lane;
    span;
    states = new Map();
    candidates;
    current;
    how;
    replans = [];
    /** Set while re-planning: the choice it leaves, recorded once the new one is made. */
    leaving;
    pages = 0;
    /** The last choice made, kept while a re-plan probes. */
    chosen;
    constructor(lane, span, options = {}) {
        this.lane = lane;
        this.span = span;
        const forced = options.force && (0,candidates/* candidateOfKind */.nX)(lane, options.force);
        if (options.force && !forced) {
            throw new RangeError(`no ${options.force} candidate for ${lane.region}: it would not answer the query`);
        }
        this.candidates = forced ? [forced] : lane.candidates;
        if (this.candidates.length === 0)
            throw new RangeError(`lane ${lane.region} has no candidate`);
        this.how = forced ? 'forced' : this.candidates.length === 1 ? 'only' : 'probed';
        if (this.candidates.length === 1)
            this.current = this.chosen = this.candidates[0];
    }
    /** The re-plans so far. */
    get replanned() {
        return this.replans;
    }
    /** The page to fetch next, or undefined when the chosen candidate has read every page. */
    next() {
        let current = this.current;
        if (current === undefined) {
            const step = this.probeOrChoose();
            if ('probe' in step)
                return { lookup: step.probe, nextToken: undefined, probe: true };
            current = step.chosen;
        }
        for (const lookup of current.lookups) {
            const state = this.states.get((0,candidates/* attributeKey */.s)(lookup));
            if (!state?.done)
                return { lookup, nextToken: state?.nextToken, probe: false };
        }
        return undefined;
    }
    /** A page of `lookup` arrived (and was judged). */
    record(lookup, page) {
        const key = (0,candidates/* attributeKey */.s)(lookup);
        this.states.set(key, afterPage(this.states.get(key), page));
        this.pages += 1;
        if (this.current)
            this.maybeReplan(this.current);
    }
    /** Probe while an unprobed candidate could still beat the best known one; otherwise choose the cheapest. */
    probeOrChoose() {
        const costs = this.candidates.map(candidate => ({
            candidate,
            ...candidateCost(candidate, this.states, this.span)
        }));
        const bestKnown = Math.min(...costs.filter(c => !c.atLeast).map(c => c.remaining));
        // Cheapest-looking first; a candidate whose lower bound already loses to a known one is never probed.
        const open = costs
            .filter(c => c.atLeast && c.remaining < bestKnown)
            .sort((a, b) => a.remaining - b.remaining);
        const lookups = open[0]?.candidate.lookups ?? [];
        const unprobed = lookups.findIndex(lookup => !this.states.has((0,candidates/* attributeKey */.s)(lookup)));
        // `lookups[unprobed]` may be undefined on purpose: the full scan's lookup has no attribute.
        if (unprobed >= 0)
            return { probe: lookups[unprobed] };
        // Ties keep the candidates' order (identity, events, region).
        const known = costs.filter(c => !c.atLeast).sort((a, b) => a.remaining - b.remaining);
        const chosen = known[0]?.candidate ?? this.candidates[0];
        this.current = chosen;
        this.chosen = chosen;
        if (this.leaving)
            this.replans.push({ ...this.leaving, to: chosen.kind });
        this.leaving = undefined;
        return { chosen };
    }
    /** Re-plan when the chosen candidate looks far worse than another; what was read stays read and judged. */
    maybeReplan(current) {
        if (this.candidates.length === 1 || this.replans.length >= MAX_REPLANS)
            return;
        const mine = candidateCost(current, this.states, this.span).remaining;
        const best = Math.min(...this.candidates
            .filter(c => c !== current)
            .map(c => candidateCost(c, this.states, this.span).remaining));
        if (mine < SWITCH_FACTOR * best || mine - best < SWITCH_MIN_PAGES)
            return;
        this.current = undefined;
        this.leaving = { afterPages: this.pages, from: current.kind, fromRemaining: mine, toRemaining: best };
    }
    report() {
        const chosen = this.chosen;
        const ordered = chosen
            ? [chosen, ...this.lane.candidates.filter(c => c.kind !== chosen.kind)]
            : this.lane.candidates;
        return {
            region: this.lane.region,
            globalOnly: this.lane.globalOnly,
            chosen: chosen?.kind,
            how: this.how,
            candidates: ordered.map(candidate => {
                const cost = candidateCost(candidate, this.states, this.span);
                return {
                    kind: candidate.kind,
                    lookups: candidate.lookups.map(candidates/* attributeKey */.s),
                    estimatedPages: cost.read + cost.remaining,
                    atLeast: cost.atLeast,
                    pagesRead: cost.read
                };
            }),
            replans: [...this.replans],
            pages: this.pages,
            lookups: [...this.states].map(([lookup, s]) => ({
                lookup,
                pages: s.pages,
                events: s.events,
                complete: s.done
            }))
        };
    }
}

;// CONCATENATED MODULE: ./src/sources/lookup-events/source.ts










/** The part of the window CloudTrail can hold events for, which the planner's estimates spread pages over. */
function spanOf(window, nowMs) {
    const span = {
        startMs: Math.max(window.start.getTime(), nowMs - constants/* RETENTION_DAYS */.zh * 86_400_000),
        endMs: Math.min(window.end.getTime(), nowMs)
    };
    // A clock that disagrees with the window (it can only be off) must not make every estimate "one page".
    return span.endMs > span.startMs ? span : { startMs: window.start.getTime(), endMs: window.end.getTime() };
}
/** A concrete account the scan names, as opposed to the credentials' own (`self`). */
function named(account) {
    return account !== core_coverage/* SELF */.TK && account !== core_coverage/* ANY */.x4;
}
/**
 * The plan in words. Every account reads the same lanes (the candidates depend on the query and the Region
 * only), so they are told once, for the accounts that read them.
 */
function strategyOf(query, tasks, force) {
    const lanes = new Map();
    for (const task of tasks)
        lanes.set(`${task.lane.region}|${task.lane.globalOnly}`, task.lane);
    const accounts = [...new Set(tasks.map(t => t.slice.account).filter(named))];
    const sentences = (0,plan/* planSentences */.WA)(query, [...lanes.values()], force);
    if (accounts.length === 0)
        return sentences;
    const which = accounts.length === 1 ? `account ${accounts[0]}` : `each of ${accounts.length} accounts`;
    return `In ${which}, with its own role and its own LookupEvents budget per Region: ${sentences}`;
}
class LookupEventsSource {
    deps;
    budgets;
    name = 'lookup-events';
    tasks = [];
    delivery;
    outcomes = [];
    strategy = '';
    /** Tasks of each account not read yet: its clients are released after its last. */
    unread = new Map();
    clientFor;
    stsFor;
    constructor(deps, budgets) {
        this.deps = deps;
        this.budgets = budgets;
        this.clientFor = deps.clientFor ?? (0,clients/* cloudTrailClientFactory */.H7)(deps.clientOptions ?? {});
        this.stsFor = deps.stsFor ?? (0,clients/* stsClientFactory */.IM)(deps.clientOptions ?? {});
    }
    async plan(slices, ctx) {
        const { query } = ctx;
        const delivery = (0,core_delivery/* planDelivery */.eh)(query, ctx.startedAt);
        this.delivery = delivery;
        ctx.progress?.info((0,core_delivery/* describeDeliveryPlan */.jO)(delivery, query));
        const force = this.deps.force;
        this.tasks = slices.map(slice => {
            const lane = (0,candidates/* laneFor */.g0)(query, slice);
            const parts = partsOf(delivery, slice.window).map(part => ({
                ...part,
                planner: new LanePlanner(lane, spanOf(part.window, ctx.startedAt), force ? { force } : {})
            }));
            return { slice, lane, parts };
        });
        this.strategy = strategyOf(query, this.tasks, force);
        for (const task of this.tasks)
            this.unread.set(task.slice.account, (this.unread.get(task.slice.account) ?? 0) + 1);
        return { tasks: this.tasks, strategy: this.strategy, uncovered: [], warnings: [] };
    }
    label(task) {
        return task ? { account: task.slice.account, region: task.slice.region } : { account: core_coverage/* ANY */.x4, region: core_coverage/* ANY */.x4 };
    }
    async *read(task, ctx) {
        try {
            yield* this.readLane(task, ctx);
        }
        finally {
            this.readOne(task.slice.account);
        }
    }
    /** One more task of `account` read (or failed); after its last, the account's clients are closed. */
    readOne(account) {
        const left = (this.unread.get(account) ?? 1) - 1;
        this.unread.set(account, left);
        if (left > 0 || !named(account))
            return;
        this.clientFor.release?.(account);
        this.stsFor.release?.(account);
    }
    async *readLane(task, ctx) {
        const { slice } = task;
        const lookup = this.lookupDeps(slice, ctx);
        const delivery = this.delivery;
        const barrier = delivery.kind === 'barrier' ? this.barrier(slice, lookup, ctx) : undefined;
        // Read while the barrier waits: its polls share this Region's pacer with the older part's pages.
        barrier?.catch(() => undefined);
        for (const part of task.parts) {
            if (part.afterBarrier) {
                await barrier;
                ctx.progress?.info(`[${slice.region}] LookupEvents of the fresh part, from ${part.window.start.toISOString()}`);
            }
            yield* readLanePart(part, {
                slice,
                lookup,
                progress: ctx.progress
            });
        }
    }
    details() {
        return {
            plan: {
                lanes: this.tasks.map(t => t.lane),
                strategy: this.strategy,
                ...(this.deps.force && { force: this.deps.force })
            },
            // Per lane, the plan of its first part: the candidate chosen, the others with their estimates.
            lanes: this.tasks.map(t => {
                const report = t.parts[0].planner.report();
                return named(t.slice.account) ? { ...report, account: t.slice.account } : report;
            }),
            ...(this.delivery && { delivery: (0,core_delivery/* deliveryReport */.Jf)(this.delivery, this.outcomes) })
        };
    }
    lookupDeps(slice, ctx) {
        const pacer = this.budgets.pacer({ account: slice.account, region: slice.region, api: 'LookupEvents' });
        return {
            client: this.clientFor(slice.region, { onSend: () => pacer.markSent(), onAnswer: () => pacer.markAnswered() }, slice.account),
            pacer,
            clock: ctx.clock,
            random: ctx.random,
            signal: ctx.signal,
            requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
            retry: this.deps.retry ?? retry/* DEFAULT_RETRY */.vI,
            onRetry: kind => ctx.onRetry(slice.region, kind)
        };
    }
    /** The barrier of one account and Region: its marker is placed with that account's credentials. */
    barrier(slice, lookup, ctx) {
        const account = slice.account;
        return holdBarrier(slice.region, lookup, {
            stsFor: region => this.stsFor(region, account),
            timeoutMs: ctx.query.delivery.timeoutMs,
            progress: line => ctx.progress?.info(line),
            onOutcome: outcome => this.outcomes.push(named(account) ? { ...outcome, account } : outcome),
            own: ctx.own
        });
    }
}

;// CONCATENATED MODULE: ./src/sources/index.ts

/**
 * The source that answers `query`; `budgets` are the run's, shared by every reader of an account and Region.
 * Athena's code (and its SDK clients) is loaded only when a query asks for it: most runs never need it.
 */
async function sourceFor(query, deps, budgets) {
    if (query.source === 'athena') {
        const { AthenaSource } = await Promise.all(/* import() */[__webpack_require__.e(409), __webpack_require__.e(270)]).then(__webpack_require__.bind(__webpack_require__, 270));
        return new AthenaSource(query.athena, deps);
    }
    return new LookupEventsSource(deps, budgets);
}

;// CONCATENATED MODULE: ./src/run/account-summary.ts
/** The reason an account is not complete, from the places the run names (`account 1111… eu-west-2`). */
function reasonOf(account, unfinished) {
    const whole = `account ${account}`;
    for (const u of unfinished) {
        if (u.region === whole)
            return u.reason;
        if (u.region.startsWith(`${whole} `))
            return `${u.region.slice(whole.length + 1)}: ${u.reason}`;
    }
    return null;
}
function accountSummaries(query, accounts, input) {
    const perAccount = query.source === 'lookup-events';
    return accounts.map(account => {
        const slices = input.coverage.filter(c => c.slice.account === account);
        const reason = reasonOf(account, input.unfinished);
        const counts = input.counts.get(account);
        const forbidden = input.events.filter(e => e.Account === account && e.Forbidden && !(query.ignoreDenied && e.ErrorCode !== null)).length;
        return {
            account,
            regions: [...new Set(slices.map(c => c.slice.region))],
            pages: perAccount ? (counts?.pages ?? 0) : null,
            examined: perAccount ? (counts?.examined ?? 0) : null,
            forbidden: perAccount ? forbidden : null,
            complete: reason === null && slices.length > 0 && slices.every(c => c.complete),
            reason: reason ?? (slices.length === 0 ? 'nothing was read' : null)
        };
    });
}

// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/query/accounts.ts
var accounts = __webpack_require__(6934);
;// CONCATENATED MODULE: ./src/aws/accounts.ts







/** Sessions are renewed this long before they expire, so no request is signed with keys about to lapse. */
const RENEW_BEFORE_MS = 5 * 60_000;
/** Longest key parts accepted (a session token is about 1,000 characters). */
const MAX_KEY = 256;
const MAX_TOKEN = 16_384;
function wordsFor(arn) {
    return {
        throttled: count => `STS AssumeRole of ${arn} was throttled ${count} times in a row`,
        transient: (reason, count) => `STS AssumeRole of ${arn} failed: ${reason}, ${count} attempts`,
        fatal: (disposition, error) => disposition.code === 'access-denied'
            ? `could not assume ${arn} (${(0,retry/* describeError */.Uc)(error)}): the role's trust policy must let the gate's base ` +
                'credentials call sts:AssumeRole on it (docs/accounts.md)'
            : `could not assume ${arn} (${(0,retry/* describeError */.Uc)(error)})`
    };
}
function accounts_text(value, max) {
    return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}
/** The keys of an AssumeRole answer, or a SourceFailure: an answer without usable keys is not an answer. */
function credentialsOf(output, arn) {
    const c = output.Credentials;
    const shape = typeof c === 'object' && c !== null ? c : {};
    const accessKeyId = accounts_text(shape['AccessKeyId'], MAX_KEY);
    const secretAccessKey = accounts_text(shape['SecretAccessKey'], MAX_KEY);
    const sessionToken = accounts_text(shape['SessionToken'], MAX_TOKEN);
    const expiration = shape['Expiration'];
    if (accessKeyId === undefined || secretAccessKey === undefined || sessionToken === undefined) {
        throw new errors/* SourceFailure */.oi('bad-response', `STS AssumeRole of ${arn} answered without usable credentials`);
    }
    const valid = expiration instanceof Date && Number.isFinite(expiration.getTime());
    return { accessKeyId, secretAccessKey, sessionToken, ...(valid && { expiration }) };
}
class AccountRoles {
    options;
    sessions = new Map();
    constructor(options) {
        this.options = options;
    }
    /** The role ARN an account is read as. */
    roleOf(account) {
        return (0,accounts/* roleArnFor */.v0)(this.options.template, account);
    }
    /** The account's credentials, assumed now or still fresh; throws a SourceFailure naming the role. */
    async assume(account) {
        const session = this.sessions.get(account) ?? {};
        this.sessions.set(account, session);
        const now = this.options.clock.now();
        const current = session.current;
        if (current && (!current.expiration || current.expiration.getTime() - now > RENEW_BEFORE_MS)) {
            return current;
        }
        session.pending ??= this.call(account).finally(() => (session.pending = undefined));
        session.current = await session.pending;
        return session.current;
    }
    /** What the account's SDK clients sign with. */
    provider(account) {
        return () => this.assume(account);
    }
    async call(account) {
        const o = this.options;
        const arn = this.roleOf(account);
        const sts = await o.sts();
        const { AssumeRoleCommand } = await __webpack_require__.e(/* import() */ 695).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19));
        const command = new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: o.sessionName });
        const output = await (0,retry/* retrying */.R$)(signal => sts.send(command, { abortSignal: signal }), {
            clock: o.clock,
            random: o.random,
            signal: o.signal,
            requestTimeoutMs: o.requestTimeoutMs ?? 20_000,
            policy: o.retry ?? retry/* DEFAULT_RETRY */.vI,
            words: wordsFor((0,bounded/* clip */.$Q)(arn, 200))
        });
        o.own?.add(output.$metadata?.requestId);
        const credentials = credentialsOf(output, arn);
        o.onSecret?.(credentials.secretAccessKey);
        if (credentials.sessionToken)
            o.onSecret?.(credentials.sessionToken);
        return credentials;
    }
}
/**
 * The STS client AssumeRole is called with: the base credentials, the SDK's retries off (retrying() paces
 * and bounds each attempt), every answer's request ID kept as the gate's own. Loaded on first use.
 */
function assumeRoleClient(options, region) {
    let client;
    return () => (client ??= __webpack_require__.e(/* import() */ 695).then(__webpack_require__.t.bind(__webpack_require__, 1695, 19)).then(({ STSClient }) => {
        const sts = new STSClient({
            ...(0,clients/* sdkOptions */.rY)(region, options),
            requestHandler: new dist_cjs.NodeHttpHandler((0,clients/* httpOptions */.$3)(options))
        });
        if (options.own)
            (0,own_requests/* recordOwnRequests */.O)(sts, options.own);
        return sts;
    }));
}

;// CONCATENATED MODULE: ./src/aws/organizations.ts








/** Organizations documents NextToken as at most 100,000 characters. */
const organizations_MAX_TOKEN = 100_000;
const ACCOUNT_ID = /^\d{12}$/;
const KNOWN_STATES = new Set([
    'SUSPENDED',
    'PENDING_CLOSURE',
    'PENDING_ACTIVATION',
    'CLOSED'
]);
const WORDS = {
    throttled: count => `Organizations ListAccounts was throttled ${count} times in a row`,
    transient: (reason, count) => `Organizations ListAccounts failed: ${reason}, ${count} attempts`,
    fatal: (disposition, error) => `Organizations ListAccounts failed (${(0,retry/* describeError */.Uc)(error)})` +
        (disposition.code === 'access-denied'
            ? ': accounts organization needs organizations:ListAccounts for the base credentials, in the ' +
                'management account or a delegated administrator (docs/accounts.md)'
            : '')
};
function bad(reason) {
    return new errors/* SourceFailure */.oi('bad-response', `Organizations ListAccounts answered ${reason}`);
}
/** One page's accounts as (id, state); a SourceFailure for anything that is not an account. */
function accountsOf(output) {
    const accounts = output.Accounts;
    if (!Array.isArray(accounts))
        throw bad('with no Accounts list');
    return accounts.map((account) => {
        const a = typeof account === 'object' && account !== null ? account : {};
        const id = a['Id'];
        if (typeof id !== 'string' || !ACCOUNT_ID.test(id)) {
            throw bad(`with an account whose Id is not 12 digits (${(0,bounded/* clip */.$Q)(JSON.stringify(id) ?? 'none', 40)})`);
        }
        // `State` replaces `Status` (retired in 2026); either is read, State first.
        const state = typeof a['State'] === 'string' ? a['State'] : a['Status'];
        if (typeof state !== 'string' || state === '')
            throw bad(`account ${id} with no State or Status`);
        return { id, state: (0,bounded/* clip */.$Q)(state, 40) };
    });
}
/** Every account of the organization, every page; throws a SourceFailure when the list cannot be trusted. */
async function listActiveAccounts(client, deps) {
    const { ListAccountsCommand } = await __webpack_require__.e(/* import() */ 503).then(__webpack_require__.t.bind(__webpack_require__, 2503, 19));
    const fetch = (token) => {
        const command = new ListAccountsCommand({
            MaxResults: 20,
            ...(token !== undefined && { NextToken: token })
        });
        return (0,retry/* retrying */.R$)(signal => client.send(command, { abortSignal: signal }), {
            clock: deps.clock,
            random: deps.random,
            signal: deps.signal,
            requestTimeoutMs: deps.requestTimeoutMs ?? 20_000,
            policy: deps.retry ?? retry/* DEFAULT_RETRY */.vI,
            words: WORDS
        });
    };
    const tokenOf = (page) => {
        const token = page.NextToken;
        if (token === undefined || token === null)
            return undefined;
        if (typeof token !== 'string' || token === '')
            throw bad('with a NextToken that is not a string');
        return token;
    };
    const seen = new Set();
    const active = [];
    const skipped = new Map();
    let pages = 0;
    for await (const page of (0,aws_pages/* paginate */.E)(fetch, tokenOf, new aws_pages/* TokenGuard */.N('Organizations ListAccounts', organizations_MAX_TOKEN))) {
        pages += 1;
        deps.own?.add(page.$metadata?.requestId);
        for (const { id, state } of accountsOf(page)) {
            if (seen.has(id))
                continue;
            seen.add(id);
            if (seen.size > accounts/* MAX_ACCOUNTS */.KV)
                throw bad(`with more than ${accounts/* MAX_ACCOUNTS */.KV} accounts`);
            if (state === 'ACTIVE')
                active.push(id);
            // Counted by state for the log: the states Organizations documents, any other as one (a server's text).
            else {
                const known = KNOWN_STATES.has(state) ? state : 'other state';
                skipped.set(known, (skipped.get(known) ?? 0) + 1);
            }
        }
    }
    return { active, skipped, pages };
}
/** The Organizations client: global, signed for us-east-1, with the base credentials; loaded on first use. */
function organizationsClient(options) {
    let client;
    return () => (client ??= __webpack_require__.e(/* import() */ 503).then(__webpack_require__.t.bind(__webpack_require__, 2503, 19)).then(({ OrganizationsClient }) => {
        const organizations = new OrganizationsClient({
            ...(0,clients/* sdkOptions */.rY)('us-east-1', options),
            requestHandler: new dist_cjs.NodeHttpHandler((0,clients/* httpOptions */.$3)(options))
        });
        if (options.own)
            (0,own_requests/* recordOwnRequests */.O)(organizations, options.own);
        return organizations;
    }));
}

;// CONCATENATED MODULE: ./src/run/accounts.ts






/** Where the organization's failure is reported. */
const ORGANIZATION_PLACE = 'AWS Organizations';
/** The roles of the scope's accounts, or undefined when every read uses the base credentials. */
function accountRoles(deps, ctx) {
    const scope = ctx.query.accounts;
    if (ctx.query.source === 'athena' || scope === undefined || scope.kind === 'self')
        return undefined;
    if (scope.role === undefined)
        return undefined;
    const options = { ...deps.clientOptions, own: ctx.own };
    const region = ctx.query.regions[0] ?? 'us-east-1';
    const client = deps.assumeRoleClient;
    return new AccountRoles({
        template: scope.role,
        sessionName: deps.sessionName ?? 'cloudtrail-gate',
        sts: client ? () => Promise.resolve(client) : assumeRoleClient(options, region),
        clock: ctx.clock,
        random: ctx.random,
        signal: ctx.signal,
        own: ctx.own,
        ...(deps.requestTimeoutMs !== undefined && { requestTimeoutMs: deps.requestTimeoutMs }),
        ...(deps.onSecret && { onSecret: deps.onSecret })
    });
}
/** The named accounts to read; ListAccounts (every page) for `organization`. Never throws a SourceFailure. */
async function resolveAccounts(deps, ctx) {
    const { query } = ctx;
    const scope = query.accounts ?? { kind: 'self' };
    if (scope.kind === 'self')
        return { read: [query.source === 'athena' ? core_coverage/* ANY */.x4 : core_coverage/* SELF */.TK], failures: [], named: false };
    // One Athena query reads every account of the table: the organization is the table's accounts.
    if (scope.kind === 'organization' && query.source === 'athena')
        return { read: [core_coverage/* ANY */.x4], failures: [], named: false };
    let resolved;
    if (scope.kind === 'list') {
        resolved = scope.ids;
    }
    else {
        try {
            const client = deps.organizations ?? (await organizationsClient({ ...deps.clientOptions, own: ctx.own })());
            const listed = await listActiveAccounts(client, {
                ...ctx,
                ...(deps.requestTimeoutMs && { requestTimeoutMs: deps.requestTimeoutMs })
            });
            const skipped = [...listed.skipped].map(([state, n]) => `${n} ${state}`);
            ctx.progress?.info(`Organizations ListAccounts: ${listed.active.length} ACTIVE accounts on ${listed.pages} pages` +
                (skipped.length > 0 ? `; not read: ${skipped.join(', ')}` : ''));
            resolved = listed.active;
        }
        catch (error) {
            if (!(error instanceof errors/* SourceFailure */.oi))
                throw error;
            const failure = { account: core_coverage/* ANY */.x4, region: ORGANIZATION_PLACE, code: error.code, reason: error.reason };
            return { read: [], failures: [{ ...failure, oldestReached: null }], named: true };
        }
    }
    const { read, missing } = (0,core_scope/* accountsToRead */.Wq)(query, resolved);
    if (read.length < resolved.length) {
        ctx.progress?.info(`The user ARN names account ${read[0] ?? missing}: only its CloudTrail history is read.`);
    }
    const failures = missing === undefined
        ? []
        : [
            {
                account: missing,
                region: core_coverage/* ANY */.x4,
                code: 'not-covered',
                reason: `the user ARN names account ${missing}, which is not an ACTIVE account of the organization ` +
                    `(${(0,bounded/* listSome */.XT)(resolved, 5)}): its CloudTrail history, where the identity's events are, was not read`,
                oldestReached: null
            }
        ];
    return { read, failures, named: true };
}
/** Runs at most `max` jobs at once, in the order they were queued. */
function limiter(max) {
    let running = 0;
    const queue = [];
    const next = () => {
        if (running >= max)
            return;
        const start = queue.shift();
        if (start === undefined)
            return;
        running += 1;
        start();
    };
    return job => new Promise((resolve, reject) => {
        queue.push(() => {
            job()
                .then(resolve, reject)
                .finally(() => {
                running -= 1;
                next();
            });
        });
        next();
    });
}
/** Progress lines of one account: `[111122223333 eu-west-2] …`. */
function accountProgress(progress, account) {
    if (progress === undefined || account === core_coverage/* SELF */.TK || account === core_coverage/* ANY */.x4)
        return progress;
    return {
        info: line => progress.info(line.startsWith('[') ? `[${account} ${line.slice(1)}` : `[${account}] ${line}`)
    };
}
/**
 * How far apart tasks start when named accounts are read: one request interval shared by the lanes that run at
 * once. Started together, every lane's requests would come due at the same instants, and the answers (pages to
 * judge) arrive in bursts: spread over the interval, each lane keeps its own 2 requests/s and the runner (and
 * the service's front end) sees a steady stream.
 */
function staggerOf(query, clock, accounts, slices) {
    const atOnce = Math.min(query.maxConcurrentAccounts ?? accounts, Math.max(1, accounts));
    const lanes = atOnce * Math.max(1, slices / Math.max(1, accounts));
    return { clock, spacingMs: 1000 / query.requestsPerSecond / lanes };
}
/** Waits for the next start slot, `spacingMs` after the previous one; never throws. */
function starter(stagger, signal) {
    let next = 0;
    return async () => {
        if (stagger === undefined)
            return;
        const now = stagger.clock.now();
        const at = Math.max(now, next);
        next = at + stagger.spacingMs;
        if (at > now)
            await stagger.clock.sleep(at - now, signal).catch(() => undefined);
    };
}
/**
 * Every task, account by account: at most `max` accounts read at once, each first assuming its role. An
 * account whose role cannot be assumed, or that the deadline reached before its turn, fails as a whole (one
 * failure naming it); its tasks are not read, and the other accounts are.
 */
async function readByAccount(tasks, o) {
    const groups = new Map();
    for (const task of tasks) {
        const account = o.accountOf(task);
        groups.set(account, [...(groups.get(account) ?? []), task]);
    }
    const limit = limiter(o.max);
    const start = starter(o.stagger, o.signal);
    const failed = (account, error) => [
        { account, region: core_coverage/* ANY */.x4, code: error.code, reason: error.reason, oldestReached: null }
    ];
    const outcomes = await Promise.all([...groups].map(([account, group]) => limit(async () => {
        if (o.signal.aborted) {
            const reason = o.signal.reason;
            const why = reason instanceof errors/* SourceFailure */.oi ? reason.reason : 'the scan stopped';
            return failed(account, new errors/* SourceFailure */.oi('deadline', `not read: ${why} before its turn came`));
        }
        if (o.roles !== undefined && account !== core_coverage/* SELF */.TK && account !== core_coverage/* ANY */.x4) {
            try {
                await o.roles.assume(account);
                accountProgress(o.progress, account)?.info(`reading as ${o.roles.roleOf(account)}`);
            }
            catch (error) {
                if (!(error instanceof errors/* SourceFailure */.oi))
                    throw error;
                return failed(account, error);
            }
        }
        return Promise.all(group.map(async (task) => (await start(), o.read(task))));
    })));
    return outcomes.flat().filter((f) => f !== undefined);
}

// EXTERNAL MODULE: ./src/run/incomplete.ts
var run_incomplete = __webpack_require__(8377);
;// CONCATENATED MODULE: ./src/run/run.ts














class Counts {
    regions = new Map();
    /** Per Region, the oldest record reached, for the progress lines. */
    oldest = new Map();
    /** Per named account: its pages and examined events (the credentials' own account is not named). */
    accounts = new Map();
    pages = 0;
    scanned = 0;
    account(account) {
        if (account === core_coverage/* SELF */.TK || account === core_coverage/* ANY */.x4)
            return undefined;
        let counts = this.accounts.get(account);
        if (counts === undefined) {
            counts = { pages: 0, examined: 0 };
            this.accounts.set(account, counts);
        }
        return counts;
    }
    region(region) {
        let stats = this.regions.get(region);
        if (stats === undefined) {
            stats = { region, pages: 0, scanned: 0, examined: 0, matched: 0, throttled: 0, retries: 0 };
            this.regions.set(region, stats);
        }
        return stats;
    }
}
/** Judges one page of `account` into the tally and the counts; a record that cannot be judged fails the task. */
function judgePage(page, tally, counts, account) {
    const perAccount = counts.account(account);
    // A page handed on in parts (Athena) is counted once; its records in every part.
    counts.scanned += page.records.length;
    if (page.fetched) {
        counts.pages += 1;
        if (page.region !== undefined)
            counts.region(page.region).pages += 1;
        if (perAccount)
            perAccount.pages += 1;
    }
    try {
        if (page.region !== undefined) {
            const stats = counts.region(page.region);
            const c = tally.addPage(page.records);
            stats.scanned += c.scanned;
            stats.examined += c.examined;
            stats.matched += c.matched;
            if (perAccount)
                perAccount.examined += c.examined;
            return;
        }
        // Records of several Regions (an Athena result page): each counted in its own.
        page.records.forEach((record, position) => {
            try {
                const c = tally.addPage([record]);
                const stats = counts.region(record.region);
                stats.scanned += 1;
                stats.examined += c.examined;
                stats.matched += c.matched;
            }
            catch (error) {
                if (error instanceof core_record/* PageRecordError */.jS)
                    throw new core_record/* PageRecordError */.jS(error, position);
                throw error;
            }
        });
    }
    catch (error) {
        if (!(error instanceof core_record/* PageRecordError */.jS))
            throw error;
        throw new errors/* SourceFailure */.oi('bad-record', (0,core_record/* describeRecordError */.rp)(error, page.where));
    }
}
/** `[eu-west-2] 10 pages, 500 events, 500 matched, 4.6s, reached 2026-11-20T03:41:00Z` every few pages. */
function progressLine(page, sink, ctx) {
    if (!page.fetched || page.region === undefined)
        return;
    const stats = sink.counts.region(page.region);
    if (stats.pages % sink.every !== 0)
        return;
    const oldest = sink.counts.oldest.get(page.region);
    const seconds = ((ctx.clock.now() - ctx.startedAt) / 1000).toFixed(1);
    ctx.progress?.info(`[${page.region}] ${stats.pages} pages, ${stats.scanned} events, ${stats.matched} matched, ${seconds}s` +
        (oldest ? `, reached ${(0,dates/* isoSeconds */.nE)(oldest)}` : ''));
}
/** Reads one task to its end; a failure is returned, never thrown. */
async function readTask(source, task, scanCtx, sink) {
    let oldest;
    const { account } = source.label(task);
    const ctx = { ...scanCtx, progress: accountProgress(scanCtx.progress, account) };
    try {
        for await (const page of source.read(task, ctx)) {
            judgePage(page, sink.tally, sink.counts, account);
            sink.covered.push(...(page.covered ?? []));
            const last = page.records[page.records.length - 1];
            if (last !== undefined && (oldest === undefined || last.time < oldest))
                oldest = last.time;
            if (last !== undefined && page.region !== undefined) {
                const before = sink.counts.oldest.get(page.region);
                if (before === undefined || last.time < before)
                    sink.counts.oldest.set(page.region, last.time);
            }
            progressLine(page, sink, ctx);
            // Judging is synchronous: give timers (the deadline) their turn between pages, however fast they come.
            await ctx.clock.sleep(0);
        }
        return undefined;
    }
    catch (error) {
        const failure = error instanceof errors/* SourceFailure */.oi
            ? error
            : ctx.signal.aborted && ctx.signal.reason instanceof errors/* SourceFailure */.oi
                ? ctx.signal.reason
                : new errors/* SourceFailure */.oi('other', String(error));
        return {
            ...source.label(task),
            code: failure.code,
            reason: failure.reason,
            oldestReached: oldest ? (0,dates/* isoSeconds */.nE)(oldest) : null
        };
    }
}
function identityEventsOf(examined, complete, coverage) {
    if (examined > 0)
        return 'some';
    return complete && coverage.length > 0 && coverage.every(c => c.identityAll) ? 'none' : 'unknown';
}
/** The whole scan: plan, read every task, judge, and prove what was read. Never throws for AWS failures. */
async function scan(query, deps, plan) {
    const clock = deps.clock;
    const started = clock.now();
    const controller = new AbortController();
    const deadline = (0,attempt/* startDeadline */.db)(clock, query.timeoutMs, controller, r => new errors/* SourceFailure */.oi('deadline', r));
    const own = deps.own ?? deps.clientOptions?.own ?? new own_requests/* OwnRequests */.$();
    const budgets = new RateBudgets(query.requestsPerSecond, clock);
    const random = deps.random ?? Math.random;
    const roles = accountRoles(deps, { query, clock, random, signal: controller.signal, own });
    // Every client records its answers' request IDs here: the gate's own calls are set aside, never judged. Each
    // named account's clients sign with its own role's credentials.
    const sourceDeps = {
        ...deps,
        clientOptions: {
            ...deps.clientOptions,
            own,
            ...(roles && { credentialsFor: (account) => roles.provider(account) })
        },
        ...(plan?.force && { force: plan.force })
    };
    const source = await sourceFor(query, sourceDeps, budgets);
    const counts = new Counts();
    const ctx = {
        query,
        clock,
        random,
        signal: controller.signal,
        progress: deps.progress,
        own,
        startedAt: started,
        onRetry: (region, kind) => {
            const stats = counts.region(region);
            if (kind === 'throttle')
                stats.throttled += 1;
            else
                stats.retries += 1;
        }
    };
    const tally = new Evaluator(query, { idOrdered: source.name === 'athena', own, now: started });
    const accounts = await resolveAccounts(deps, {
        query,
        clock,
        random,
        signal: controller.signal,
        own,
        progress: deps.progress
    });
    const slices = (0,core_scope/* slicesOf */.nu)(query, query.window, accounts.read);
    const failures = [...accounts.failures];
    const covered = [];
    let sourcePlan = { tasks: [], strategy: '', uncovered: [], warnings: [] };
    try {
        // No account to read (the organization could not be listed): nothing to plan, nothing billed.
        if (slices.length > 0)
            sourcePlan = await source.plan(slices, ctx);
        if (deps.onPlanned)
            deps.onPlanned(sourcePlan.strategy);
        else
            deps.progress?.info(`Plan: ${sourcePlan.strategy}`);
        for (const warning of sourcePlan.warnings)
            deps.progress?.info(`Warning: ${warning}`);
        const sink = { tally, counts, covered, every: deps.progressEvery ?? 10 };
        const outcomes = await readByAccount(sourcePlan.tasks, {
            accountOf: task => source.label(task).account,
            read: task => readTask(source, task, ctx, sink),
            roles,
            max: query.maxConcurrentAccounts ?? sourcePlan.tasks.length,
            signal: controller.signal,
            progress: deps.progress,
            ...(roles && { stagger: staggerOf(query, clock, accounts.read.length, slices.length) })
        });
        failures.push(...outcomes);
    }
    catch (error) {
        // The plan itself failed (a Glue table we cannot read): nothing was read, every slice is incomplete.
        // Anything else is a defect, not an answer from AWS: the shell fails the step with it.
        if (!(error instanceof errors/* SourceFailure */.oi))
            throw error;
        failures.push({ ...source.label(undefined), code: error.code, reason: error.reason, oldestReached: null });
    }
    finally {
        deadline.abort();
    }
    for (const late of tally.finish()) {
        const stats = counts.region(late.region);
        stats.examined += late.examined;
        stats.matched += late.matched;
        const perAccount = late.account === undefined ? undefined : counts.account(late.account);
        if (perAccount)
            perAccount.examined += late.examined;
    }
    const coverage = (0,core_coverage/* coverageOf */._5)(slices, covered, !query.delivery.wait);
    const unfinished = (0,run_incomplete/* unfinishedOf */.$B)(failures, sourcePlan.uncovered, coverage);
    const incomplete = (0,run_incomplete/* incompleteOf */.Yr)(unfinished, counts);
    const events = tally.events();
    const identityEvents = identityEventsOf(tally.examined, incomplete === undefined, coverage);
    return {
        query,
        ...source.details(),
        events,
        scanned: tally.examined,
        pages: counts.pages,
        regions: [...counts.regions.values()].sort((a, b) => a.region.localeCompare(b.region)),
        ...tally_judge(query, events),
        elapsedMs: clock.now() - started,
        incomplete,
        coverage,
        identityEvents,
        noEvents: identityEvents === 'none',
        ownCalls: tally.ownCalls,
        nearMisses: incomplete ? [] : findNearMisses(query.patterns, tally.unmatched.entries()),
        ...(accounts.named && {
            accounts: accountSummaries(query, accounts.read, {
                coverage,
                unfinished,
                counts: counts.accounts,
                events
            })
        })
    };
}


/***/ }),

/***/ 7475:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ei: () => (/* binding */ notDeliveredReason),
/* harmony export */   LK: () => (/* binding */ awaitMarker),
/* harmony export */   v$: () => (/* binding */ safetyMarginMs)
/* harmony export */ });
/* unused harmony exports MARKER_SKEW_MS, MAX_PAGES_PER_POLL */
/* harmony import */ var _core_dates_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(194);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9293);
/* harmony import */ var _core_delivery_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7847);



// Waits until a Region's marker shows in LookupEvents: proof that CloudTrail has delivered that Region's events
// up to the marker's time, then a margin for events delivered out of order. Polls are paced by the Region's
// pacer: the 2 requests/s are shared with the scan of the window's older part, which runs meanwhile.
/** The marker is looked for from this long before the call to this long after its answer (clock skew). */
const MARKER_SKEW_MS = 60_000;
/** A poll reads at most this many pages (the caller's own calls around the marker); the rest waits a poll. */
const MAX_PAGES_PER_POLL = 5;
const FIRST_INTERVAL_MS = 2_000;
const MAX_INTERVAL_MS = 15_000;
/**
 * Delivery is not strictly ordered, so once the marker shows, events made just before it may still be on
 * their way: wait a quarter of the time the marker took, from 1 s to 60 s.
 */
function safetyMarginMs(lagMs) {
    return Math.min(60_000, Math.max(1_000, Math.round(lagMs / 4)));
}
function requestIdOf(event) {
    try {
        const detail = JSON.parse(event.CloudTrailEvent ?? '');
        const id = typeof detail === 'object' && detail !== null
            ? detail.requestID
            : undefined;
        return typeof id === 'string' ? id : undefined;
    }
    catch {
        return undefined;
    }
}
/** One poll: the marker's event if a page of this lookup shows it. Throws SourceFailure like any lookup. */
async function poll(marker, deps) {
    const task = { region: marker.region, attribute: marker.attribute, globalOnly: false };
    const window = {
        start: new Date(marker.sentAt - MARKER_SKEW_MS),
        end: new Date(marker.answeredAt + MARKER_SKEW_MS)
    };
    let pages = 0;
    for await (const page of (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .lookupPages */ .Z8)(task, window, deps)) {
        pages += 1;
        const event = page.events.find(e => e.EventName === 'GetCallerIdentity' && requestIdOf(e) === marker.requestId);
        if (event !== undefined || pages >= MAX_PAGES_PER_POLL)
            return { event, pages };
    }
    return { event: undefined, pages };
}
/** Polls until the marker shows (then waits the margin) or the delivery timeout passes. */
async function awaitMarker(marker, deps, options) {
    const { clock } = deps;
    const upTo = (0,_core_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .isoSeconds */ .nE)(new Date(marker.sentAt));
    let interval = FIRST_INTERVAL_MS;
    let polls = 0;
    let pages = 0;
    const outcome = (delivered, markerTime, marginMs) => ({
        region: marker.region,
        requestId: marker.requestId,
        callerArn: marker.callerArn,
        markerTime,
        delivered,
        waitedMs: clock.now() - marker.sentAt - marginMs,
        marginMs,
        polls,
        pages
    });
    for (;;) {
        const found = await poll(marker, deps);
        polls += 1;
        pages += found.pages;
        const elapsed = clock.now() - marker.sentAt;
        if (found.event !== undefined) {
            const marginMs = safetyMarginMs(elapsed);
            options.progress?.(`[${marker.region}] CloudTrail shows the marker after ${(0,_core_delivery_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(elapsed)}; ` +
                `waiting ${(0,_core_delivery_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(marginMs)} more for events delivered out of order`);
            await clock.sleep(marginMs, deps.signal);
            const time = found.event.EventTime;
            return outcome(true, time ? (0,_core_dates_js__WEBPACK_IMPORTED_MODULE_0__/* .isoSeconds */ .nE)(time) : upTo, marginMs);
        }
        if (elapsed >= options.timeoutMs)
            return outcome(false, upTo, 0);
        options.progress?.(`[${marker.region}] waiting for CloudTrail to deliver events up to ${upTo}: ` +
            `marker not visible yet, ${Math.round(elapsed / 1000)} s`);
        await clock.sleep(Math.min(interval, options.timeoutMs - elapsed), deps.signal);
        interval = Math.min(MAX_INTERVAL_MS, interval * 1.5);
    }
}
/** The incomplete scan's reason when a marker never showed. */
function notDeliveredReason(delivery, timeoutMs) {
    return (`CloudTrail had not delivered events up to ${delivery.markerTime} in ${delivery.region} after ` +
        `${(0,_core_delivery_js__WEBPACK_IMPORTED_MODULE_2__/* .formatDuration */ .a3)(timeoutMs)} (delivery-timeout-minutes): the marker call, STS GetCallerIdentity with request ID ` +
        `${delivery.requestId}, never showed in LookupEvents. Raise delivery-timeout-minutes, or check this runner's clock`);
}


/***/ }),

/***/ 9293:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SM: () => (/* binding */ lookupPage),
/* harmony export */   Z8: () => (/* binding */ lookupPages)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudtrail__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7392);
/* harmony import */ var _aws_pages_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(701);
/* harmony import */ var _aws_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2495);
/* harmony import */ var _core_constants_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6214);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);







/**
 * The events and the next token of an answer, or a SourceFailure. The raw answer has been checked already
 * (page-check.ts) when it came over HTTP; this catches the same from any client (mocks, other transports).
 */
function pageOf(output) {
    const events = output.Events;
    if (!Array.isArray(events)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SourceFailure */ .oi('bad-response', 'LookupEvents answered with no Events array — is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?');
    }
    const token = output.NextToken;
    if (token === undefined || token === null)
        return { events, nextToken: undefined };
    if (typeof token !== 'string' || token === '') {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .SourceFailure */ .oi('bad-response', 'LookupEvents answered with a NextToken that is not a non-empty string: the rest of the window cannot be read');
    }
    return { events, nextToken: token };
}
/** One page of one LookupEvents lookup, from its start or from a NextToken it gave (same attribute and window). */
async function lookupPage(task, window, nextToken, deps) {
    const command = new _aws_sdk_client_cloudtrail__WEBPACK_IMPORTED_MODULE_4__/* .LookupEventsCommand */ .nau({
        ...(task.attribute && {
            LookupAttributes: [{ AttributeKey: task.attribute.key, AttributeValue: task.attribute.value }]
        }),
        StartTime: window.start,
        EndTime: window.end,
        MaxResults: _core_constants_js__WEBPACK_IMPORTED_MODULE_2__/* .PAGE_SIZE */ .md,
        ...(nextToken !== undefined && { NextToken: nextToken })
    });
    const output = await (0,_aws_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .retrying */ .R$)(signal => deps.client.send(command, { abortSignal: signal }), {
        ...deps,
        policy: deps.retry
    });
    return pageOf(output);
}
/** Every page of one LookupEvents lookup, newest first, until the service gives no NextToken. */
async function* lookupPages(task, window, deps) {
    const pages = (0,_aws_pages_js__WEBPACK_IMPORTED_MODULE_0__/* .paginate */ .E)(token => lookupPage(task, window, token, deps), page => page.nextToken, new _aws_pages_js__WEBPACK_IMPORTED_MODULE_0__/* .TokenGuard */ .N('LookupEvents'));
    for await (const page of pages)
        yield { events: page.events };
}


/***/ })

};
