// End-to-end: the official `@anthropic-ai/sdk` talks to a real `switchyard serve` process
// over POST /v1/messages. One gateway, two upstreams:
//   - "anthropic/claude-sonnet-4-5" goes to a fake Anthropic API (lib/fake-anthropic.mjs):
//     same format, passed through;
//   - "claude-via-openai" is a route to a fake OpenAI API (lib/fake-openai.mjs): translated
//     Anthropic Messages <-> OpenAI Chat Completions.
// Every behaviour is checked for both, from the SDK's side and from what the upstream fake
// received.
//
// Run: SWITCHYARD_BIN=/path/to/switchyard node --test tests/e2e/anthropic_sdk.test.mjs
// (ctest runs it as e2e_anthropic_sdk).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { once } from 'node:events';

import Anthropic from '@anthropic-ai/sdk';

import {
    ANTHROPIC_REPLY,
    ANTHROPIC_USAGE,
    THINKING_SIGNATURE,
    THINKING_TEXT,
    TOOL_INPUT,
    TOOL_INPUT_PIECES,
    TOOL_PREAMBLE,
    TOOL_USE_ID,
    maxTokensErrorMessage,
    startFakeAnthropic,
} from './lib/fake-anthropic.mjs';
import { CHAT_REPLY, TOOL_CALL_ID, USAGE as OPENAI_USAGE, startFakeOpenAI } from './lib/fake-openai.mjs';
import { startGateway } from './lib/gateway.mjs';

const CLIENT_KEY = 'fake-client-key-anthropic';
const FAKE_ANTHROPIC_KEY = 'fake-upstream-key-anthropic';
const TEST_TIMEOUT = { timeout: 30_000 };

/** The message the "strict" OpenAI-compatible upstream rejects every request with (HTTP 400). */
const STRICT_MESSAGE = "Invalid 'max_tokens': integer above maximum value. Expected a value <= 16384, but got 100000 instead.";

const WEATHER_TOOL = Object.freeze({
    name: 'get_weather',
    description: 'Current weather for a location',
    input_schema: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: {
            location: { type: 'string', description: 'City and country' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
            note: { type: 'string' },
        },
        required: ['location'],
        additionalProperties: false,
    },
});

/** Asserts no header value or body of `requests` contains the client's key. */
function assertClientKeyNeverSent(requests) {
    for (const r of requests) {
        for (let i = 0; i < r.rawHeaders.length; i += 2) {
            assert.ok(!r.rawHeaders[i + 1].includes(CLIENT_KEY),
                `the client's key leaked upstream in header ${r.rawHeaders[i]} of ${r.method} ${r.path}`);
        }
        assert.ok(!r.body.includes(CLIENT_KEY), `the client's key leaked upstream in the body of ${r.method} ${r.path}`);
    }
}

/** The one request to `path` the fake received since `mark`. */
function onlyUpstreamRequest(fake, mark, path) {
    const got = fake.requests.slice(mark);
    const matching = got.filter((r) => new URL(r.path, 'http://x').pathname === path);
    assert.equal(matching.length, 1,
        `expected exactly one upstream request to ${path}, got: ${JSON.stringify(got.map((r) => `${r.method} ${r.path}`))}`);
    return matching[0];
}

/** Parses a raw SSE body into [{event, data}] (data parsed as JSON when it is JSON). */
function parseSse(text) {
    const out = [];
    for (const block of text.split(/\r?\n\r?\n/)) {
        if (!block.trim())
            continue;
        let event = null;
        const data = [];
        for (const line of block.split(/\r?\n/)) {
            if (line.startsWith('event:'))
                event = line.slice(6).replace(/^ /, '');
            else if (line.startsWith('data:'))
                data.push(line.slice(5).replace(/^ /, ''));
        }
        let parsed = data.join('\n');
        try {
            parsed = JSON.parse(parsed);
        } catch { /* left as text */ }
        out.push({ event, data: parsed });
    }
    return out;
}

/**
 * Asserts the Anthropic stream grammar: message_start, then per block content_block_start,
 * content_block_delta…, content_block_stop (indexes 0, 1, … in order), then message_delta,
 * message_stop; `ping` anywhere; every `event:` name equals its data's `type`.
 */
function assertStreamGrammar(events) {
    const names = events.map((e) => e.event);
    for (const e of events)
        assert.equal(e.data?.type, e.event, `event name ${e.event} does not match its data's type: ${JSON.stringify(e.data)}`);
    const seq = names.filter((n) => n !== 'ping');
    assert.equal(seq[0], 'message_start', `stream does not start with message_start: ${names.join(',')}`);
    assert.deepEqual(seq.slice(-2), ['message_delta', 'message_stop'], `stream does not end with message_delta, message_stop: ${names.join(',')}`);
    let open = null;
    let nextIndex = 0;
    for (const e of events.slice(1, -2).filter((x) => x.event !== 'ping')) {
        if (e.event === 'content_block_start') {
            assert.equal(open, null, `block ${e.data.index} starts while block ${open} is open`);
            assert.equal(e.data.index, nextIndex, 'content block indexes must be 0, 1, … in order');
            open = e.data.index;
        } else if (e.event === 'content_block_delta') {
            assert.equal(e.data.index, open, `delta for block ${e.data.index} while block ${open} is open`);
        } else if (e.event === 'content_block_stop') {
            assert.equal(e.data.index, open, `stop for block ${e.data.index} while block ${open} is open`);
            open = null;
            ++nextIndex;
        } else {
            assert.fail(`unexpected event ${e.event} between message_start and message_delta: ${names.join(',')}`);
        }
    }
    assert.equal(open, null, 'a content block was never stopped');
    assert.ok(nextIndex > 0, 'the stream has no content block');
    const delta = events.find((e) => e.event === 'message_delta').data;
    assert.ok(delta.delta?.stop_reason, `message_delta has no stop_reason: ${JSON.stringify(delta)}`);
    assert.equal(typeof delta.usage?.output_tokens, 'number', `message_delta has no usage.output_tokens: ${JSON.stringify(delta)}`);
}

/** An OpenAI-compatible upstream that rejects every POST with a 400 (STRICT_MESSAGE). */
async function startStrictOpenAI() {
    const requests = [];
    const server = http.createServer(async (req, res) => {
        const chunks = [];
        for await (const c of req)
            chunks.push(c);
        requests.push({ method: req.method, path: req.url, headers: { ...req.headers }, rawHeaders: [...req.rawHeaders], body: Buffer.concat(chunks).toString('utf8') });
        const status = req.method === 'GET' ? 200 : 400;
        const body = req.method === 'GET'
            ? { object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', created: 0, owned_by: 'strict' }] }
            : { error: { message: STRICT_MESSAGE, type: 'invalid_request_error', param: 'max_tokens', code: 'integer_above_max_value' } };
        const bytes = Buffer.from(JSON.stringify(body));
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
        res.end(bytes);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
        port: server.address().port,
        requests,
        async stop() {
            server.closeAllConnections?.();
            await new Promise((resolve) => server.close(() => resolve()));
        },
    };
}

// ---------------------------------------------------------------------------------------

let fakeOpenAI;
let fakeAnthropic;
let strict;

before(async () => {
    fakeOpenAI = await startFakeOpenAI();
    fakeAnthropic = await startFakeAnthropic({ apiKey: FAKE_ANTHROPIC_KEY });
    strict = await startStrictOpenAI();
});

after(async () => {
    await fakeOpenAI?.stop();
    await fakeAnthropic?.stop();
    await strict?.stop();
});

// The fake must itself satisfy the SDK, so a failure further down is the gateway's.
describe('the fake Anthropic upstream speaks the Messages wire format (SDK -> fake, no gateway)', () => {
    let client;
    before(() => {
        client = new Anthropic({ baseURL: fakeAnthropic.origin, apiKey: FAKE_ANTHROPIC_KEY, maxRetries: 0, timeout: 10_000 });
    });

    // (claude-haiku-4-5 here: the SDK prints a deprecation warning for claude-sonnet-4-5.)
    test('create, stream, tools, thinking, models, errors', TEST_TIMEOUT, async () => {
        const msg = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
        assert.equal(msg.content[0].text, ANTHROPIC_REPLY);
        assert.equal(msg.stop_reason, 'end_turn');
        assert.deepEqual(msg.usage, ANTHROPIC_USAGE);

        let text = '';
        const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
        stream.on('text', (d) => { text += d; });
        const final = await stream.finalMessage();
        assert.equal(text, ANTHROPIC_REPLY);
        assert.equal(final.content[0].text, ANTHROPIC_REPLY);
        assert.equal(final.usage.output_tokens, ANTHROPIC_USAGE.output_tokens);

        const fragments = [];
        const toolStream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'weather?' }] });
        toolStream.on('inputJson', (partial) => fragments.push(partial));
        const toolFinal = await toolStream.finalMessage();
        assert.equal(toolFinal.stop_reason, 'tool_use');
        assert.deepEqual(toolFinal.content.map((b) => b.type), ['text', 'tool_use']);
        assert.deepEqual(toolFinal.content[1].input, TOOL_INPUT);
        assert.equal(fragments.join(''), TOOL_INPUT_PIECES.join(''));

        let thinking = '';
        const thinkStream = client.messages.stream({
            model: 'claude-haiku-4-5', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }],
        });
        thinkStream.on('thinking', (d) => { thinking += d; });
        const thinkFinal = await thinkStream.finalMessage();
        assert.equal(thinking, THINKING_TEXT);
        assert.deepEqual(thinkFinal.content[0], { type: 'thinking', thinking: THINKING_TEXT, signature: THINKING_SIGNATURE });

        const ids = [];
        for await (const m of client.models.list())
            ids.push(m.id);
        assert.deepEqual(ids, ['claude-sonnet-4-5', 'claude-haiku-4-5']);

        await assert.rejects(
            client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100000, messages: [{ role: 'user', content: 'hi' }] }),
            (err) => err instanceof Anthropic.BadRequestError && err.message.includes(maxTokensErrorMessage(100000, 'claude-haiku-4-5')));
        await assert.rejects(
            new Anthropic({ baseURL: fakeAnthropic.origin, apiKey: 'wrong', maxRetries: 0 }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
            Anthropic.AuthenticationError);
    });
});

describe('switchyard gateway with the official Anthropic SDK', () => {
    let gateway;
    let client;
    /** The headers of every request the SDK sent to the gateway, newest last. */
    const clientRequests = [];
    /** fakeAnthropic.requests.length when the gateway started (earlier ones came from the SDK directly). */
    let anthropicMark = 0;

    before(async () => {
        anthropicMark = fakeAnthropic.requests.length;
        gateway = await startGateway({
            gateway: { port: 0, health_check: { interval_ms: 0 } },
            providers: [
                {
                    name: 'anthropic',
                    kind: 'anthropic',
                    base_url: `http://127.0.0.1:${fakeAnthropic.port}/v1`,
                    api_key: { env: 'FAKE_ANTHROPIC_KEY' },
                    models: ['claude-sonnet-4-5'],
                },
                { name: 'fake', kind: 'openai', base_url: `http://127.0.0.1:${fakeOpenAI.port}/v1`, models: ['gpt-4o-mini'] },
                { name: 'strict', kind: 'openai', base_url: `http://127.0.0.1:${strict.port}/v1`, models: ['gpt-4o-mini'] },
            ],
            routes: [
                { model: 'claude-via-openai', targets: ['fake/gpt-4o-mini'] },
                { model: 'claude-via-strict', targets: ['strict/gpt-4o-mini'] },
            ],
        }, { env: { FAKE_ANTHROPIC_KEY } });
        const recordingFetch = (input, init) => {
            clientRequests.push(new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)));
            return fetch(input, init);
        };
        client = new Anthropic({ baseURL: gateway.origin, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000, fetch: recordingFetch });
    });

    after(async () => {
        if (gateway)
            await gateway.stop(); // rejects unless SIGTERM leads to exit code 0
    });

    const upstreams = [
        {
            label: 'anthropic upstream (pass-through)',
            model: 'anthropic/claude-sonnet-4-5',
            upstreamModel: 'claude-sonnet-4-5',
            provider: 'anthropic',
            fake: () => fakeAnthropic,
            path: '/v1/messages',
            reply: ANTHROPIC_REPLY,
            usage: ANTHROPIC_USAGE,
            toolUseId: TOOL_USE_ID,
        },
        {
            label: 'openai upstream (translated)',
            model: 'claude-via-openai',
            upstreamModel: 'gpt-4o-mini',
            provider: 'fake',
            fake: () => fakeOpenAI,
            path: '/v1/chat/completions',
            reply: CHAT_REPLY,
            // Anthropic's input_tokens exclude cached tokens; OpenAI's prompt_tokens include them.
            usage: {
                input_tokens: OPENAI_USAGE.prompt_tokens - OPENAI_USAGE.prompt_tokens_details.cached_tokens,
                output_tokens: OPENAI_USAGE.completion_tokens,
            },
            toolUseId: TOOL_CALL_ID,
        },
    ];

    for (const u of upstreams) {
        describe(u.label, () => {
            test('a. messages.create: text, end_turn, usage, model as asked', TEST_TIMEOUT, async () => {
                const fake = u.fake();
                const mark = fake.requests.length;
                const params = {
                    model: u.model,
                    max_tokens: 256,
                    system: 'You are terse.',
                    messages: [{ role: 'user', content: 'Say hello.' }],
                };
                const { data: msg, response } = await client.messages.create(params).withResponse();
                assert.equal(msg.type, 'message');
                assert.equal(msg.role, 'assistant');
                assert.equal(msg.content.length, 1, JSON.stringify(msg.content));
                assert.equal(msg.content[0].type, 'text');
                assert.equal(msg.content[0].text, u.reply);
                assert.equal(msg.stop_reason, 'end_turn');
                for (const [k, v] of Object.entries(u.usage)) {
                    if (typeof v === 'number')
                        assert.equal(msg.usage[k], v, `usage.${k}: ${JSON.stringify(msg.usage)}`);
                }
                assert.equal(response.headers.get('x-switchyard-provider'), u.provider);
                assert.equal(response.headers.get('x-switchyard-model'), u.upstreamModel);

                const up = onlyUpstreamRequest(fake, mark, u.path);
                assert.equal(up.json.model, u.upstreamModel);
                if (u.provider === 'anthropic') {
                    const { model: _m1, ...sent } = params;
                    const { model: _m2, ...got } = up.json;
                    assert.deepEqual(got, sent, 'the pass-through body differs from what the client sent (besides model)');
                } else {
                    assert.deepEqual(up.json.messages, [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Say hello.' }]);
                    assert.equal(up.json.max_tokens ?? up.json.max_completion_tokens, 256);
                }
                assertClientKeyNeverSent(fake.requests.slice(mark));
                assert.equal(msg.model, (u.model.includes('/') ? u.upstreamModel : u.model), 'a route name is echoed back; a direct provider/model answers with the provider model name (README)');
                assert.match(msg.id, /^msg_/, `message id ${msg.id} is not in Anthropic's form msg_…`);
            });

            test('b. messages.stream: text events, finalMessage, raw SSE grammar', TEST_TIMEOUT, async () => {
                const fake = u.fake();
                const mark = fake.requests.length;
                const stream = client.messages.stream({ model: u.model, max_tokens: 256, messages: [{ role: 'user', content: 'Stream a hello.' }] });
                const deltas = [];
                const eventTypes = [];
                stream.on('text', (d) => deltas.push(d));
                stream.on('streamEvent', (e) => eventTypes.push(e.type));
                const final = await stream.finalMessage();
                assert.equal(deltas.join(''), u.reply);
                assert.ok(deltas.length >= 2, `the text arrived in ${deltas.length} delta(s), expected several`);
                assert.equal(final.content.length, 1, JSON.stringify(final.content));
                assert.equal(final.content[0].text, u.reply);
                assert.equal(final.stop_reason, 'end_turn');
                assert.equal(final.usage.output_tokens, u.usage.output_tokens, `final usage ${JSON.stringify(final.usage)}`);
                assert.equal(final.usage.input_tokens, u.usage.input_tokens, `final usage ${JSON.stringify(final.usage)}`);
                assert.equal(eventTypes[0], 'message_start');
                assert.equal(eventTypes.at(-1), 'message_stop');
                const up = onlyUpstreamRequest(fake, mark, u.path);
                assert.equal(up.json.stream, true);

                // The same stream on the wire: `event: NAME` + `data: {type: NAME}` in the real order.
                const raw = await fetch(`${gateway.origin}/v1/messages`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json', 'x-api-key': CLIENT_KEY, 'anthropic-version': '2023-06-01' },
                    body: JSON.stringify({ model: u.model, max_tokens: 256, stream: true, messages: [{ role: 'user', content: 'raw' }] }),
                });
                assert.equal(raw.status, 200);
                assert.match(raw.headers.get('content-type') ?? '', /^text\/event-stream/);
                const events = parseSse(await raw.text());
                assertStreamGrammar(events);
                assert.equal(events.filter((e) => e.event === 'content_block_delta').map((e) => e.data.delta.text).join(''), u.reply);
                assert.equal(final.model, (u.model.includes('/') ? u.upstreamModel : u.model), 'message_start: route name echoed, direct provider/model as the provider names it (README)');
            });

            test('c. tool use round trip: ids intact and paired, $schema, keys and headers upstream', TEST_TIMEOUT, async () => {
                const fake = u.fake();
                const mark = fake.requests.length;
                const beta = 'fine-grained-tool-streaming-2025-05-14';
                const first = {
                    model: u.model,
                    max_tokens: 512,
                    tools: [WEATHER_TOOL],
                    messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
                };
                const msg = await client.messages.create(first, { headers: { 'anthropic-beta': beta } });
                const sentHeaders = clientRequests.at(-1);
                assert.equal(msg.stop_reason, 'tool_use');
                const toolUse = msg.content.find((b) => b.type === 'tool_use');
                assert.ok(toolUse, `no tool_use block in ${JSON.stringify(msg.content)}`);
                assert.equal(toolUse.id, u.toolUseId);
                assert.equal(toolUse.name, 'get_weather');
                assert.deepEqual(toolUse.input, TOOL_INPUT);
                if (u.provider === 'anthropic')
                    assert.deepEqual(msg.content[0], { type: 'text', text: TOOL_PREAMBLE });

                // Second turn: the tool result goes back under the same id. (The fake OpenAI
                // upstream calls a tool whenever tools are offered, so that side gets none.)
                const messages2 = [
                    ...first.messages,
                    { role: 'assistant', content: msg.content },
                    { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '{"temp_c":21}' }] },
                ];
                const second = { model: u.model, max_tokens: 512, messages: messages2, ...(u.provider === 'anthropic' ? { tools: [WEATHER_TOOL] } : {}) };
                const msg2 = await client.messages.create(second, { headers: { 'anthropic-beta': beta } });
                assert.equal(msg2.stop_reason, 'end_turn');
                assert.equal(msg2.content.find((b) => b.type === 'text')?.text, u.reply);

                const got = fake.requests.slice(mark);
                assert.equal(got.length, 2, JSON.stringify(got.map((r) => `${r.method} ${r.path}`)));
                const [up1, up2] = got;
                assertClientKeyNeverSent(got);
                if (u.provider === 'anthropic') {
                    for (const up of got) {
                        assert.equal(new URL(up.path, 'http://x').pathname, '/v1/messages');
                        assert.equal(up.headers['x-api-key'], FAKE_ANTHROPIC_KEY);
                        assert.equal(up.headers.authorization, undefined, 'an Authorization header went to the Anthropic upstream');
                        assert.equal(up.headers['anthropic-version'], sentHeaders.get('anthropic-version'), 'anthropic-version not forwarded unchanged');
                        assert.equal(up.headers['anthropic-beta'], beta, 'anthropic-beta not forwarded unchanged');
                    }
                    assert.deepEqual(up1.json.tools, [WEATHER_TOOL], 'the pass-through changed the tools');
                    const assistant = up2.json.messages[1];
                    assert.equal(assistant.role, 'assistant');
                    assert.deepEqual(assistant.content.find((b) => b.type === 'tool_use'),
                        { type: 'tool_use', id: TOOL_USE_ID, name: 'get_weather', input: TOOL_INPUT });
                    assert.deepEqual(up2.json.messages[2].content, [{ type: 'tool_result', tool_use_id: TOOL_USE_ID, content: '{"temp_c":21}' }]);
                } else {
                    const fn = up1.json.tools?.[0];
                    assert.equal(fn?.type, 'function', JSON.stringify(up1.json.tools));
                    assert.equal(fn.function.name, 'get_weather');
                    assert.equal(fn.function.description, WEATHER_TOOL.description);
                    assert.ok(!JSON.stringify(up1.json.tools).includes('$schema'), `$schema reached the OpenAI upstream: ${JSON.stringify(up1.json.tools)}`);
                    const { $schema, ...schemaWithout } = WEATHER_TOOL.input_schema;
                    assert.deepEqual(fn.function.parameters, schemaWithout);
                    const m = up2.json.messages;
                    const ai = m.findIndex((x) => x.role === 'assistant');
                    assert.ok(ai >= 0, `no assistant message upstream: ${JSON.stringify(m)}`);
                    assert.equal(m[ai].tool_calls?.length, 1, JSON.stringify(m[ai]));
                    assert.equal(m[ai].tool_calls[0].id, TOOL_CALL_ID);
                    assert.equal(m[ai].tool_calls[0].type, 'function');
                    assert.equal(m[ai].tool_calls[0].function.name, 'get_weather');
                    assert.deepEqual(JSON.parse(m[ai].tool_calls[0].function.arguments), TOOL_INPUT);
                    assert.equal(m[ai + 1]?.role, 'tool', `the tool result does not follow the assistant's tool call: ${JSON.stringify(m)}`);
                    assert.equal(m[ai + 1].tool_call_id, TOOL_CALL_ID);
                    const content = typeof m[ai + 1].content === 'string' ? m[ai + 1].content : JSON.stringify(m[ai + 1].content);
                    assert.ok(content.includes('{\\"temp_c\\":21}') || content.includes('{"temp_c":21}'), `tool result content: ${JSON.stringify(m[ai + 1])}`);
                    for (const up of got) {
                        assert.equal(up.headers['x-api-key'], undefined, 'an x-api-key header went to the OpenAI upstream');
                        assert.equal(up.headers['anthropic-version'], undefined, 'anthropic-version went to the OpenAI upstream');
                    }
                }
            });

            test('d. messages.stream with tool use: finalMessage has the parsed input', TEST_TIMEOUT, async () => {
                const stream = client.messages.stream({
                    model: u.model, max_tokens: 512, tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'Weather in Paris?' }],
                });
                const fragments = [];
                stream.on('inputJson', (partial) => fragments.push(partial));
                const final = await stream.finalMessage();
                assert.equal(final.stop_reason, 'tool_use');
                const toolUse = final.content.find((b) => b.type === 'tool_use');
                assert.ok(toolUse, `no tool_use block in ${JSON.stringify(final.content)}`);
                assert.equal(toolUse.id, u.toolUseId);
                assert.equal(toolUse.name, 'get_weather');
                assert.deepEqual(toolUse.input, TOOL_INPUT);
                assert.ok(fragments.filter((f) => f !== '').length >= 2, `input arrived in ${fragments.length} fragment(s), expected several`);
                assert.deepEqual(JSON.parse(fragments.join('')), TOOL_INPUT);
            });

            test('e1. unknown model -> NotFoundError 404 in Anthropic error shape', TEST_TIMEOUT, async () => {
                const fake = u.fake();
                const mark = fake.requests.length;
                await assert.rejects(
                    client.messages.create({ model: 'no-such-model', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
                    (err) => {
                        assert.ok(err instanceof Anthropic.NotFoundError, `expected NotFoundError, got ${err?.constructor?.name}: ${err?.message}`);
                        assert.equal(err.status, 404);
                        assert.equal(err.error?.type, 'error', `error body ${JSON.stringify(err.error)}`);
                        assert.equal(err.error?.error?.type, 'not_found_error', `error body ${JSON.stringify(err.error)}`);
                        assert.equal(typeof err.error?.error?.message, 'string');
                        return true;
                    });
                assert.equal(fake.requests.length, mark, 'a request for an unknown model went upstream');
            });

            test('e2. a 400 from the upstream -> BadRequestError with the upstream\'s message', TEST_TIMEOUT, async () => {
                const model = u.provider === 'anthropic' ? u.model : 'claude-via-strict';
                const expected = u.provider === 'anthropic' ? maxTokensErrorMessage(100000, 'claude-sonnet-4-5') : STRICT_MESSAGE;
                for (const stream of [false, true]) {
                    await assert.rejects(
                        client.messages.create({ model, max_tokens: 100000, stream, messages: [{ role: 'user', content: 'hi' }] }),
                        (err) => {
                            assert.ok(err instanceof Anthropic.BadRequestError,
                                `stream=${stream}: expected BadRequestError, got ${err?.constructor?.name} ${err?.status}: ${err?.message}`);
                            assert.equal(err.status, 400);
                            assert.equal(err.error?.type, 'error', `error body ${JSON.stringify(err.error)}`);
                            assert.equal(err.error?.error?.type, 'invalid_request_error', `error body ${JSON.stringify(err.error)}`);
                            assert.ok(err.error?.error?.message?.includes(expected), `stream=${stream}: the upstream's message is lost: ${JSON.stringify(err.error)}`);
                            return true;
                        });
                }
            });
        });
    }

    test('g. thinking (anthropic pass-through): thinking and signature deltas reach the SDK', TEST_TIMEOUT, async () => {
        const stream = client.messages.stream({
            model: 'anthropic/claude-sonnet-4-5', max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 1024 },
            messages: [{ role: 'user', content: 'Say hello.' }],
        });
        let thinking = '';
        let signature = null;
        stream.on('thinking', (d) => { thinking += d; });
        stream.on('signature', (s) => { signature = s; });
        const final = await stream.finalMessage();
        assert.equal(thinking, THINKING_TEXT);
        assert.equal(signature, THINKING_SIGNATURE);
        assert.deepEqual(final.content.map((b) => b.type), ['thinking', 'text']);
        assert.deepEqual(final.content[0], { type: 'thinking', thinking: THINKING_TEXT, signature: THINKING_SIGNATURE });
        assert.equal(final.content[1].text, ANTHROPIC_REPLY);
    });

    test('f1. count_tokens: input_tokens > 0, no upstream request', TEST_TIMEOUT, async () => {
        const marks = [fakeAnthropic.requests.length, fakeOpenAI.requests.length];
        for (const model of ['anthropic/claude-sonnet-4-5', 'claude-via-openai']) {
            const res = await client.messages.countTokens({
                model, system: 'You are terse.', tools: [WEATHER_TOOL], messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
            });
            assert.equal(typeof res.input_tokens, 'number', JSON.stringify(res));
            assert.ok(res.input_tokens > 0, JSON.stringify(res));
        }
        assert.deepEqual([fakeAnthropic.requests.length, fakeOpenAI.requests.length], marks, 'count_tokens reached an upstream');
    });

    test('f2. models.list() in Anthropic\'s shape', TEST_TIMEOUT, async () => {
        const models = [];
        for await (const m of client.models.list())
            models.push(m);
        assert.ok(models.length > 0, 'no models');
        for (const m of models) {
            assert.equal(m.type, 'model', JSON.stringify(m));
            assert.equal(typeof m.id, 'string');
            assert.equal(typeof m.display_name, 'string', JSON.stringify(m));
            assert.ok(!Number.isNaN(Date.parse(m.created_at)), `created_at ${JSON.stringify(m.created_at)} is not an RFC 3339 date`);
        }
        const ids = models.map((m) => m.id);
        for (const id of ['claude-via-openai', 'anthropic/claude-sonnet-4-5'])
            assert.ok(ids.includes(id), `model ids ${JSON.stringify(ids)} lack ${id}`);
        const page = await client.models.list().asResponse().then((r) => r.json());
        assert.ok(Array.isArray(page.data) && typeof page.has_more === 'boolean', JSON.stringify(page).slice(0, 300));
        assert.equal(page.first_id, page.data[0]?.id);
        assert.equal(page.last_id, page.data.at(-1)?.id);
    });

    test('the client key never reached an upstream; the Anthropic upstream always got the provider key', () => {
        assert.ok(fakeAnthropic.requests.length > anthropicMark && fakeOpenAI.requests.length > 0);
        assertClientKeyNeverSent([...fakeAnthropic.requests, ...fakeOpenAI.requests, ...strict.requests]);
        for (const r of fakeAnthropic.requests.slice(anthropicMark))
            assert.equal(r.headers['x-api-key'], FAKE_ANTHROPIC_KEY, `${r.method} ${r.path}`);
    });
});
