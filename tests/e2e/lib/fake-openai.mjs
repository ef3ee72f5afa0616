// A fake OpenAI-compatible upstream for the end-to-end tests.
//
// It speaks the real wire format of api.openai.com for the endpoints Switchyard proxies
// (models, chat completions with and without streaming and tools, legacy completions,
// embeddings), answers deterministically, and records every request it receives
// (method, path, headers, raw body) so tests can assert what the gateway sent upstream.
// The `model` in every response is the model the upstream received.

import http from 'node:http';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** The assistant's reply to every chat completion without tools. */
export const CHAT_REPLY = 'Hello from the fake upstream! Ünïcödé ✓ 👋';
/** How a streamed chat reply is cut into deltas (joined: CHAT_REPLY). */
export const CHAT_REPLY_PIECES = ['Hello', ' from the', ' fake upstream!', ' Ünïcödé', ' ✓ ', '👋'];
/** The reply text of every legacy completion. */
export const COMPLETION_TEXT = '    return a + b\n';
export const COMPLETION_TEXT_PIECES = ['    return', ' a + b', '\n'];
/** The tool call the fake makes when the request offers tools (the first tool's name is used). */
export const TOOL_CALL_ID = 'call_fake_0123456789abcdef';
export const TOOL_ARGUMENTS = '{"location":"Paris, France","unit":"celsius","note":"a \\"quoted\\" word"}';
export const TOOL_ARGUMENT_PIECES = ['{"location', '":"Paris, ', 'France","unit":"cel', 'sius","note":"a \\"quo', 'ted\\" word"}'];
/** Usage the fake reports for chat and legacy completions. */
export const USAGE = Object.freeze({
    prompt_tokens: 19,
    completion_tokens: 10,
    total_tokens: 29,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
    },
});
export const EMBEDDING_DIMENSIONS = 8;
export const SYSTEM_FINGERPRINT = 'fp_fake0001';
export const FAKE_MODELS = Object.freeze(['gpt-4o-mini', 'text-embedding-3-small', 'gpt-3.5-turbo-instruct']);

if (CHAT_REPLY_PIECES.join('') !== CHAT_REPLY || COMPLETION_TEXT_PIECES.join('') !== COMPLETION_TEXT
    || TOOL_ARGUMENT_PIECES.join('') !== TOOL_ARGUMENTS)
    throw new Error('fake-openai: reply pieces do not add up');

/** The deterministic embedding of input number `index` (exactly representable as float32). */
export function embeddingFor(index) {
    const v = [];
    for (let i = 0; i < EMBEDDING_DIMENSIONS; ++i)
        v.push(((index + 1) * (i + 1)) / 64 - 0.5);
    return v;
}

function float32Base64(values) {
    const buf = Buffer.alloc(values.length * 4);
    values.forEach((x, i) => buf.writeFloatLE(x, i * 4));
    return buf.toString('base64');
}

const CREATED = 1_735_689_600; // 2025-01-01T00:00:00Z
let sequence = 0;
const nextId = (prefix) => `${prefix}-fake${String(++sequence).padStart(6, '0')}`;

function sendJson(res, status, obj, extraHeaders = {}) {
    const body = Buffer.from(JSON.stringify(obj), 'utf8');
    res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': body.length,
        'x-request-id': `req_upstream_${sequence}`,
        'openai-processing-ms': '7',
        ...extraHeaders,
    });
    res.end(body);
}

function sendError(res, status, message, type, param = null, code = null) {
    sendJson(res, status, { error: { message, type, param, code } });
}

function startSse(res) {
    res.socket?.setNoDelay(true);
    res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': `req_upstream_${sequence}`,
    });
}

/**
 * Writes SSE events. Some events are deliberately split across two writes with a pause in
 * between: event number 1 in its middle, and every event holding a multi-byte UTF-8
 * character inside that character. A gateway that assumes one read = one event, or that
 * decodes UTF-8 per read, is caught.
 */
async function writeSse(res, events) {
    let n = 0;
    for (const event of events) {
        const frame = Buffer.from(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`, 'utf8');
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

function firstFunctionName(tools) {
    for (const t of tools) {
        if (t?.type === 'function' && t.function?.name)
            return t.function.name;
    }
    return 'unnamed_tool';
}

function chatCompletion(req) {
    const model = req.model;
    const withTools = Array.isArray(req.tools) && req.tools.length > 0;
    const message = withTools
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [{
                id: TOOL_CALL_ID,
                type: 'function',
                function: { name: firstFunctionName(req.tools), arguments: TOOL_ARGUMENTS },
            }],
            refusal: null,
            annotations: [],
        }
        : { role: 'assistant', content: CHAT_REPLY, refusal: null, annotations: [] };
    return {
        id: nextId('chatcmpl'),
        object: 'chat.completion',
        created: CREATED,
        model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: withTools ? 'tool_calls' : 'stop' }],
        usage: structuredClone(USAGE),
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
    };
}

function chatChunks(req) {
    const id = nextId('chatcmpl');
    const includeUsage = req.stream_options?.include_usage === true;
    const withTools = Array.isArray(req.tools) && req.tools.length > 0;
    const chunk = (delta, finish_reason = null) => ({
        id,
        object: 'chat.completion.chunk',
        created: CREATED,
        model: req.model,
        service_tier: 'default',
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [{ index: 0, delta, logprobs: null, finish_reason }],
        ...(includeUsage ? { usage: null } : {}),
    });
    const events = [];
    if (withTools) {
        events.push(chunk({
            role: 'assistant',
            content: null,
            tool_calls: [{
                index: 0,
                id: TOOL_CALL_ID,
                type: 'function',
                function: { name: firstFunctionName(req.tools), arguments: '' },
            }],
            refusal: null,
        }));
        for (const piece of TOOL_ARGUMENT_PIECES)
            events.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
        events.push(chunk({}, 'tool_calls'));
    } else {
        events.push(chunk({ role: 'assistant', content: '', refusal: null }));
        for (const piece of CHAT_REPLY_PIECES)
            events.push(chunk({ content: piece }));
        events.push(chunk({}, 'stop'));
    }
    if (includeUsage) {
        events.push({
            id,
            object: 'chat.completion.chunk',
            created: CREATED,
            model: req.model,
            service_tier: 'default',
            system_fingerprint: SYSTEM_FINGERPRINT,
            choices: [],
            usage: structuredClone(USAGE),
        });
    }
    events.push('[DONE]');
    return events;
}

function completion(req) {
    return {
        id: nextId('cmpl'),
        object: 'text_completion',
        created: CREATED,
        model: req.model,
        choices: [{ text: COMPLETION_TEXT, index: 0, logprobs: null, finish_reason: 'stop' }],
        usage: structuredClone(USAGE),
        system_fingerprint: SYSTEM_FINGERPRINT,
    };
}

function completionChunks(req) {
    const id = nextId('cmpl');
    const includeUsage = req.stream_options?.include_usage === true;
    const chunk = (text, finish_reason) => ({
        id,
        object: 'text_completion',
        created: CREATED,
        model: req.model,
        system_fingerprint: SYSTEM_FINGERPRINT,
        choices: [{ text, index: 0, logprobs: null, finish_reason }],
        ...(includeUsage ? { usage: null } : {}),
    });
    const events = COMPLETION_TEXT_PIECES.map((p, i) =>
        chunk(p, i === COMPLETION_TEXT_PIECES.length - 1 ? 'stop' : null));
    if (includeUsage) {
        events.push({
            id, object: 'text_completion', created: CREATED, model: req.model,
            system_fingerprint: SYSTEM_FINGERPRINT, choices: [], usage: structuredClone(USAGE),
        });
    }
    events.push('[DONE]');
    return events;
}

function embeddings(req) {
    const inputs = Array.isArray(req.input) && (req.input.length === 0 || typeof req.input[0] !== 'number')
        ? req.input
        : [req.input];
    const base64 = req.encoding_format === 'base64';
    return {
        object: 'list',
        data: inputs.map((_, index) => ({
            object: 'embedding',
            index,
            embedding: base64 ? float32Base64(embeddingFor(index)) : embeddingFor(index),
        })),
        model: req.model,
        usage: { prompt_tokens: 5 * inputs.length, total_tokens: 5 * inputs.length },
    };
}

function modelObject(id) {
    return { id, object: 'model', created: CREATED, owned_by: 'fake-owner' };
}

/**
 * Starts the fake upstream on 127.0.0.1 with an ephemeral port.
 * Returns { port, baseURL, requests, reset(), requestsTo(path), stop() }.
 */
export async function startFakeOpenAI() {
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
            if (req.method === 'GET' && path === '/v1/models')
                return sendJson(res, 200, { object: 'list', data: FAKE_MODELS.map(modelObject) });
            if (req.method === 'GET' && path.startsWith('/v1/models/')) {
                const id = decodeURIComponent(path.slice('/v1/models/'.length));
                if (!FAKE_MODELS.includes(id))
                    return sendError(res, 404, `The model '${id}' does not exist`, 'invalid_request_error', 'model', 'model_not_found');
                return sendJson(res, 200, modelObject(id));
            }
            const post = { '/v1/chat/completions': 1, '/v1/completions': 1, '/v1/embeddings': 1 };
            if (!post[path])
                return sendError(res, 404, `Invalid URL (${req.method} ${path})`, 'invalid_request_error');
            if (req.method !== 'POST')
                return sendError(res, 405, `Method ${req.method} not allowed on ${path}`, 'invalid_request_error');

            let body;
            try {
                body = JSON.parse(record.body);
                record.json = body;
            } catch {
                return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
            }
            if (typeof body?.model !== 'string' || !body.model)
                return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', 'model');
            if (!FAKE_MODELS.includes(body.model))
                return sendError(res, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`,
                    'invalid_request_error', null, 'model_not_found');

            if (path === '/v1/chat/completions') {
                if (!Array.isArray(body.messages) || body.messages.length === 0)
                    return sendError(res, 400, "Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter');
                if (body.stream === true) {
                    startSse(res);
                    return await writeSse(res, chatChunks(body));
                }
                return sendJson(res, 200, chatCompletion(body));
            }
            if (path === '/v1/completions') {
                if (body.prompt === undefined)
                    return sendError(res, 400, "Missing required parameter: 'prompt'.", 'invalid_request_error', 'prompt', 'missing_required_parameter');
                if (body.stream === true) {
                    startSse(res);
                    return await writeSse(res, completionChunks(body));
                }
                return sendJson(res, 200, completion(body));
            }
            if (body.input === undefined)
                return sendError(res, 400, "Missing required parameter: 'input'.", 'invalid_request_error', 'input', 'missing_required_parameter');
            return sendJson(res, 200, embeddings(body));
        } catch (err) {
            if (!res.headersSent)
                sendError(res, 500, `fake upstream failure: ${err.message}`, 'server_error');
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
        baseURL: `http://127.0.0.1:${port}/v1`,
        /** Every request received so far, oldest first. */
        requests,
        /** Forgets the recorded requests. */
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
