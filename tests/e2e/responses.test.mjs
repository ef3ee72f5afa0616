// End-to-end: the official `openai` npm SDK's Responses API (`client.responses.*`, what
// Codex speaks) against a real `switchyard serve` process whose provider is the fake OpenAI
// upstream (lib/fake-openai.mjs). The fake serves only Chat Completions, so the gateway
// has to translate Responses <-> Chat Completions.
//
// Run: SWITCHYARD_BIN=/path/to/switchyard node --test tests/e2e/responses.test.mjs
// (ctest runs it as e2e_openai_responses).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import OpenAI from 'openai';

import { CHAT_REPLY, TOOL_ARGUMENTS, TOOL_CALL_ID, USAGE, startFakeOpenAI } from './lib/fake-openai.mjs';
import { FAKE_UPSTREAM_KEY, e2eConfig, startGateway } from './lib/gateway.mjs';

const CLIENT_KEY = 'fake-client-key-openai';
const TEST_TIMEOUT = { timeout: 30_000 };
const MODEL = 'fake/gpt-4o-mini';

/** A Responses API function tool (flat: name/parameters at the top level). */
const WEATHER_TOOL = Object.freeze({
    type: 'function',
    name: 'get_weather',
    description: 'Current weather for a location',
    parameters: {
        type: 'object',
        properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
        required: ['location'],
        additionalProperties: false,
    },
    strict: false,
});

function assertUsage(usage) {
    assert.ok(usage, 'the response has no usage');
    assert.equal(usage.input_tokens, USAGE.prompt_tokens, JSON.stringify(usage));
    assert.equal(usage.output_tokens, USAGE.completion_tokens, JSON.stringify(usage));
    assert.equal(usage.total_tokens, USAGE.total_tokens, JSON.stringify(usage));
    assert.equal(usage.input_tokens_details?.cached_tokens, USAGE.prompt_tokens_details.cached_tokens, JSON.stringify(usage));
    assert.equal(usage.output_tokens_details?.reasoning_tokens, USAGE.completion_tokens_details.reasoning_tokens, JSON.stringify(usage));
}

function assertClientKeyNeverSent(requests) {
    for (const r of requests) {
        for (let i = 0; i < r.rawHeaders.length; i += 2)
            assert.ok(!r.rawHeaders[i + 1].includes(CLIENT_KEY), `the client's key leaked upstream in header ${r.rawHeaders[i]}`);
        assert.ok(!r.body.includes(CLIENT_KEY), `the client's key leaked upstream in the body of ${r.method} ${r.path}`);
    }
}

let fake;
let gateway;
let client;

before(async () => {
    fake = await startFakeOpenAI();
    gateway = await startGateway({ ...e2eConfig(fake.port), gateway: { port: 0, health_check: { interval_ms: 0 } } });
    client = new OpenAI({ baseURL: gateway.baseURL, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
});

after(async () => {
    try {
        if (gateway)
            await gateway.stop(); // rejects unless SIGTERM leads to exit code 0
    } finally {
        await fake?.stop();
    }
});

describe('switchyard gateway: OpenAI Responses API with the official openai SDK', () => {
    test('a. responses.create: output_text, message item, usage, model', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const res = await client.responses.create({ model: MODEL, instructions: 'You are terse.', input: 'Say hello.' });
        assert.equal(res.object, 'response');
        assert.equal(res.status, 'completed');
        assert.equal(res.output_text, CHAT_REPLY);
        const message = res.output.find((i) => i.type === 'message');
        assert.ok(message, `no message item in ${JSON.stringify(res.output)}`);
        assert.equal(message.role, 'assistant');
        assert.deepEqual(message.content.map((c) => c.type), ['output_text']);
        assertUsage(res.usage);
        const got = fake.requests.slice(mark);
        assert.equal(got.length, 1, JSON.stringify(got.map((r) => `${r.method} ${r.path}`)));
        assert.equal(got[0].json?.model, 'gpt-4o-mini');
        assert.equal(got[0].headers.authorization, `Bearer ${FAKE_UPSTREAM_KEY}`);
        assertClientKeyNeverSent(got);
    });

    test('b. responses.create with a function tool: function_call item with call_id', TEST_TIMEOUT, async () => {
        const res = await client.responses.create({ model: MODEL, input: 'Weather in Paris?', tools: [WEATHER_TOOL] });
        const call = res.output.find((i) => i.type === 'function_call');
        assert.ok(call, `no function_call item in ${JSON.stringify(res.output)}`);
        assert.equal(call.call_id, TOOL_CALL_ID);
        assert.equal(call.name, 'get_weather');
        assert.deepEqual(JSON.parse(call.arguments), JSON.parse(TOOL_ARGUMENTS));
        assertUsage(res.usage);

        // Second turn: the function output goes back under the same call_id.
        const mark = fake.requests.length;
        const res2 = await client.responses.create({
            model: MODEL,
            input: [
                { role: 'user', content: 'Weather in Paris?' },
                { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
                { type: 'function_call_output', call_id: call.call_id, output: '{"temp_c":21}' },
            ],
        });
        assert.equal(res2.output_text, CHAT_REPLY);
        const up = fake.requests.slice(mark).at(-1);
        const msgs = up?.json?.messages ?? [];
        const ai = msgs.findIndex((m) => m.role === 'assistant' && m.tool_calls);
        assert.ok(ai >= 0, `no assistant tool call upstream: ${JSON.stringify(msgs)}`);
        assert.equal(msgs[ai].tool_calls[0].id, TOOL_CALL_ID);
        assert.equal(msgs[ai + 1]?.role, 'tool');
        assert.equal(msgs[ai + 1].tool_call_id, TOOL_CALL_ID);
    });

    test('c. responses.stream: response.created … response.completed, text deltas, usage', TEST_TIMEOUT, async () => {
        const stream = client.responses.stream({ model: MODEL, input: 'Stream a hello.' });
        const types = [];
        let text = '';
        for await (const event of stream) {
            types.push(event.type);
            if (event.type === 'response.output_text.delta')
                text += event.delta;
        }
        const final = await stream.finalResponse();
        assert.equal(types[0], 'response.created', types.join(','));
        assert.equal(types.at(-1), 'response.completed', types.join(','));
        assert.ok(types.includes('response.output_item.added') && types.includes('response.output_item.done'), types.join(','));
        assert.equal(text, CHAT_REPLY);
        assert.equal(final.output_text, CHAT_REPLY);
        assert.equal(final.status, 'completed');
        assertUsage(final.usage);
        // sequence_number increases by one per event
        // (checked through the raw events below)
        const raw = await client.responses.create({ model: MODEL, input: 'raw', stream: true });
        let expected = null;
        for await (const event of raw) {
            if (expected !== null)
                assert.equal(event.sequence_number, expected, `event ${event.type} has sequence_number ${event.sequence_number}`);
            expected = event.sequence_number + 1;
        }
    });

    test('d. responses.stream with a function tool: the function_call item with call_id', TEST_TIMEOUT, async () => {
        const stream = client.responses.stream({ model: MODEL, input: 'Weather in Paris?', tools: [WEATHER_TOOL] });
        const types = [];
        for await (const event of stream)
            types.push(event.type);
        const final = await stream.finalResponse();
        assert.equal(types[0], 'response.created');
        assert.equal(types.at(-1), 'response.completed');
        assert.ok(types.includes('response.function_call_arguments.delta'), types.join(','));
        const call = final.output.find((i) => i.type === 'function_call');
        assert.ok(call, `no function_call item in ${JSON.stringify(final.output)}`);
        assert.equal(call.call_id, TOOL_CALL_ID);
        assert.equal(call.name, 'get_weather');
        assert.equal(call.arguments, TOOL_ARGUMENTS);
        assertUsage(final.usage);
    });

    test('e. previous_response_id -> BadRequestError (the gateway keeps no state)', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        await assert.rejects(
            client.responses.create({ model: MODEL, input: 'continue', previous_response_id: 'resp_abc123' }),
            (err) => {
                assert.ok(err instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${err?.constructor?.name} ${err?.status}: ${err?.message}`);
                assert.equal(err.status, 400);
                return true;
            });
        assert.equal(fake.requests.length, mark, 'a request with previous_response_id went upstream');
    });
});
