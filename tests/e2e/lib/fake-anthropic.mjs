// A fake Anthropic Messages API upstream for the end-to-end tests.
//
// It speaks the real wire format of api.anthropic.com for what Switchyard proxies:
// POST /v1/messages (non-streaming JSON, and SSE streams with `event: NAME\ndata: {...}\n\n`
// in the real order message_start, ping, content_block_start, content_block_delta…,
// content_block_stop, message_delta, message_stop), tool use, extended thinking,
// POST /v1/messages/count_tokens, GET /v1/models and GET /v1/models/{id}, and errors as
// {"type":"error","error":{"type","message"}} with a request-id header. It answers
// deterministically and records every request (method, path, headers, raw body) so tests
// can assert what the gateway sent upstream. The `model` in every answer is the model the
// upstream received.
//
// Like the real API it insists on `anthropic-version` and, when started with `apiKey`, on
// that key arriving as `x-api-key` (or, as newer SDKs send it, `Authorization: Bearer`);
// 401 authentication_error otherwise.

import http from 'node:http';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

export const ANTHROPIC_MODELS = Object.freeze(['claude-sonnet-4-5', 'claude-haiku-4-5']);
/** The assistant's text in every answer without a tool call. */
export const ANTHROPIC_REPLY = 'Hello from the fake Anthropic! Ünïcödé ✓ 👋';
/** How a streamed reply is cut into text_delta events (joined: ANTHROPIC_REPLY). */
export const ANTHROPIC_REPLY_PIECES = ['Hello', ' from the', ' fake Anthropic!', ' Ünïcödé', ' ✓ ', '👋'];
/** The text block that precedes the tool_use block when the fake calls a tool. */
export const TOOL_PREAMBLE = 'Let me check the weather.';
/** The tool_use block's id and input when the fake calls a tool (the first tool's name is used). */
export const TOOL_USE_ID = 'toolu_01FakeA1b2C3d4E5f6G7h8J9';
export const TOOL_INPUT = Object.freeze({ location: 'Paris, France', unit: 'celsius', note: 'a "quoted" word' });
/** input_json_delta fragments (joined: the JSON of TOOL_INPUT). The real API starts with "". */
export const TOOL_INPUT_PIECES = ['', '{"location', '": "Paris, ', 'France", "unit": "cel', 'sius", "note": "a \\"quo', 'ted\\" word"}'];
/** The thinking block's text and signature when the request enables thinking. */
export const THINKING_TEXT = 'The user wants a greeting. I will say hello.';
export const THINKING_PIECES = ['The user wants', ' a greeting.', ' I will say hello.'];
export const THINKING_SIGNATURE = 'EqQBCkYIBxgCKkBfakeSignature0123456789abcdefABCDEF==';
/** Usage the fake reports (input_tokens excludes the cached tokens, as the real API does). */
export const ANTHROPIC_USAGE = Object.freeze({
    input_tokens: 21,
    cache_creation_input_tokens: 3,
    cache_read_input_tokens: 5,
    output_tokens: 12,
    service_tier: 'standard',
});
/** A max_tokens above this is answered with a 400 invalid_request_error, as for the real model. */
export const MAX_OUTPUT_TOKENS = 64000;
export const maxTokensErrorMessage = (maxTokens, model) =>
    `max_tokens: ${maxTokens} > ${MAX_OUTPUT_TOKENS}, which is the maximum allowed number of output tokens for ${model}`;

if (ANTHROPIC_REPLY_PIECES.join('') !== ANTHROPIC_REPLY || THINKING_PIECES.join('') !== THINKING_TEXT
    || JSON.stringify(JSON.parse(TOOL_INPUT_PIECES.join(''))) !== JSON.stringify(TOOL_INPUT))
    throw new Error('fake-anthropic: reply pieces do not add up');

const CREATED_AT = '2025-09-29T00:00:00Z';
let sequence = 0;
const nextId = (prefix) => `${prefix}_fake${String(++sequence).padStart(6, '0')}`;

function sendJson(res, status, obj, extraHeaders = {}) {
    const body = Buffer.from(JSON.stringify(obj), 'utf8');
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': body.length,
        'request-id': `req_fakeanthropic_${sequence}`,
        ...extraHeaders,
    });
    res.end(body);
}

function sendError(res, status, type, message) {
    sendJson(res, status, { type: 'error', error: { type, message } });
}

/**
 * Writes SSE events. Some are deliberately split across two writes with a pause between:
 * event number 1 in its middle, and every event holding a multi-byte UTF-8 character
 * inside that character (the first one). A gateway that assumes one read = one event, or
 * decodes UTF-8 per read, is caught.
 */
async function writeSse(res, events) {
    res.socket?.setNoDelay(true);
    res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'request-id': `req_fakeanthropic_${sequence}`,
    });
    let n = 0;
    for (const event of events) {
        const frame = Buffer.from(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`, 'utf8');
        const multibyte = frame.findIndex((b) => b >= 0x80);
        const cut = multibyte > 0 ? multibyte + 1 : n === 1 ? Math.floor(frame.length / 2) : 0;
        if (cut > 0) {
            res.write(frame.subarray(0, cut));
            await sleep(15);
            res.write(frame.subarray(cut));
        } else {
            res.write(frame);
        }
        ++n;
        await sleep(2);
    }
    res.end();
}

function lastUserHasToolResult(messages) {
    const last = messages.at(-1);
    return last?.role === 'user' && Array.isArray(last.content)
        && last.content.some((b) => b?.type === 'tool_result');
}

function wantsThinking(body) {
    return body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
}

/** The content blocks of the answer to `body` (complete, as in a non-streamed message). */
function answerBlocks(body) {
    const blocks = [];
    if (wantsThinking(body))
        blocks.push({ type: 'thinking', thinking: THINKING_TEXT, signature: THINKING_SIGNATURE });
    const tools = Array.isArray(body.tools) ? body.tools.filter((t) => t?.name) : [];
    const callTool = tools.length > 0 && body.tool_choice?.type !== 'none' && !lastUserHasToolResult(body.messages);
    if (callTool) {
        const name = body.tool_choice?.type === 'tool' ? body.tool_choice.name : tools[0].name;
        blocks.push({ type: 'text', text: TOOL_PREAMBLE });
        blocks.push({ type: 'tool_use', id: TOOL_USE_ID, name, input: structuredClone(TOOL_INPUT) });
    } else {
        blocks.push({ type: 'text', text: ANTHROPIC_REPLY });
    }
    return { blocks, stopReason: callTool ? 'tool_use' : 'end_turn' };
}

function message(body) {
    const { blocks, stopReason } = answerBlocks(body);
    return {
        id: nextId('msg'),
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: blocks,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...ANTHROPIC_USAGE },
    };
}

function streamEvents(body) {
    const { blocks, stopReason } = answerBlocks(body);
    const events = [{
        type: 'message_start',
        message: {
            id: nextId('msg'),
            type: 'message',
            role: 'assistant',
            model: body.model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { ...ANTHROPIC_USAGE, output_tokens: 1 },
        },
    }, { type: 'ping' }];
    blocks.forEach((block, index) => {
        const delta = (d) => events.push({ type: 'content_block_delta', index, delta: d });
        if (block.type === 'thinking') {
            events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
            for (const piece of THINKING_PIECES)
                delta({ type: 'thinking_delta', thinking: piece });
            delta({ type: 'signature_delta', signature: THINKING_SIGNATURE });
        } else if (block.type === 'text') {
            events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
            for (const piece of block.text === ANTHROPIC_REPLY ? ANTHROPIC_REPLY_PIECES : [block.text])
                delta({ type: 'text_delta', text: piece });
        } else {
            events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
            for (const piece of TOOL_INPUT_PIECES)
                delta({ type: 'input_json_delta', partial_json: piece });
        }
        events.push({ type: 'content_block_stop', index });
    });
    events.push({
        type: 'message_delta',
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: ANTHROPIC_USAGE.output_tokens },
    });
    events.push({ type: 'message_stop' });
    return events;
}

/** A crude but deterministic token estimate for count_tokens (≈ 4 bytes per token). */
function countTokens(body) {
    return Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify({ s: body.system, m: body.messages, t: body.tools }), 'utf8') / 4));
}

function modelObject(id) {
    return { type: 'model', id, display_name: `Fake ${id}`, created_at: CREATED_AT };
}

/**
 * Starts the fake Anthropic API on 127.0.0.1 with an ephemeral port. With `apiKey`, every
 * request must carry it as x-api-key. Returns
 * { port, origin, baseURL (…/v1), requests, reset(), requestsTo(path), stop() }.
 */
export async function startFakeAnthropic({ apiKey } = {}) {
    const requests = [];

    const server = http.createServer(async (req, res) => {
        const chunks = [];
        for await (const c of req)
            chunks.push(c);
        const bodyBytes = Buffer.concat(chunks);
        const record = {
            method: req.method,
            path: req.url,
            headers: { ...req.headers },
            rawHeaders: [...req.rawHeaders],
            body: bodyBytes.toString('utf8'),
            bodyBytes,
            json: undefined,
        };
        requests.push(record);

        const path = new URL(req.url, 'http://fake').pathname;
        try {
            const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
            if (apiKey !== undefined && (req.headers['x-api-key'] ?? bearer) !== apiKey)
                return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
            if (!req.headers['anthropic-version'])
                return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');

            if (req.method === 'GET' && path === '/v1/models') {
                return sendJson(res, 200, {
                    data: ANTHROPIC_MODELS.map(modelObject),
                    has_more: false,
                    first_id: ANTHROPIC_MODELS[0],
                    last_id: ANTHROPIC_MODELS.at(-1),
                });
            }
            if (req.method === 'GET' && path.startsWith('/v1/models/')) {
                const id = decodeURIComponent(path.slice('/v1/models/'.length));
                if (!ANTHROPIC_MODELS.includes(id))
                    return sendError(res, 404, 'not_found_error', `model: ${id}`);
                return sendJson(res, 200, modelObject(id));
            }
            if (path !== '/v1/messages' && path !== '/v1/messages/count_tokens')
                return sendError(res, 404, 'not_found_error', 'Not Found');
            if (req.method !== 'POST')
                return sendError(res, 405, 'invalid_request_error', `Method ${req.method} not allowed`);

            let body;
            try {
                body = JSON.parse(record.body);
                record.json = body;
            } catch {
                return sendError(res, 400, 'invalid_request_error', 'There was an error parsing the body of your request.');
            }
            if (typeof body?.model !== 'string' || !body.model)
                return sendError(res, 400, 'invalid_request_error', 'model: Field required');
            if (!ANTHROPIC_MODELS.includes(body.model))
                return sendError(res, 404, 'not_found_error', `model: ${body.model}`);
            if (!Array.isArray(body.messages) || body.messages.length === 0)
                return sendError(res, 400, 'invalid_request_error', 'messages: Field required');

            if (path === '/v1/messages/count_tokens')
                return sendJson(res, 200, { input_tokens: countTokens(body) });

            if (typeof body.max_tokens !== 'number')
                return sendError(res, 400, 'invalid_request_error', 'max_tokens: Field required');
            if (body.max_tokens > MAX_OUTPUT_TOKENS)
                return sendError(res, 400, 'invalid_request_error', maxTokensErrorMessage(body.max_tokens, body.model));
            if (body.stream === true)
                return await writeSse(res, streamEvents(body));
            return sendJson(res, 200, message(body));
        } catch (err) {
            if (!res.headersSent)
                sendError(res, 500, 'api_error', `fake upstream failure: ${err.message}`);
            else
                res.destroy(err);
        }
    });
    server.keepAliveTimeout = 5000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address();

    return {
        port,
        origin: `http://127.0.0.1:${port}`,
        baseURL: `http://127.0.0.1:${port}/v1`,
        /** Every request received so far, oldest first. */
        requests,
        reset() {
            requests.length = 0;
        },
        /** The recorded requests whose path (without query) is `path`. */
        requestsTo(path) {
            return requests.filter((r) => new URL(r.path, 'http://fake').pathname === path);
        },
        async stop() {
            server.closeAllConnections?.();
            await new Promise((resolve) => server.close(() => resolve()));
        },
    };
}
