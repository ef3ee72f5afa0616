// Starts a real `switchyard serve` process for the end-to-end tests.
//
// The binary comes from SWITCHYARD_BIN (ctest sets it to the built target). The gateway
// gets a fresh data directory and a config file in a temporary directory, listens on an
// ephemeral port, and is considered up once it prints its "serving on" line.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The upstream key the gateway reads from its environment (FAKE_API_KEY). */
export const FAKE_UPSTREAM_KEY = 'sk-fake-upstream-key-0000';

const SERVING_LINE = /serving on (http:\/\/127\.0\.0\.1:(\d+))\b.*OpenAI base URL (\S+?)\)?\s*$/;

/** The config the e2e tests run the gateway with, pointing at the fake upstream. */
export function e2eConfig(fakePort) {
    return {
        gateway: { port: 0 },
        providers: [{
            name: 'fake',
            kind: 'openai',
            base_url: `http://127.0.0.1:${fakePort}/v1`,
            api_key: { env: 'FAKE_API_KEY' },
            models: ['gpt-4o-mini', 'text-embedding-3-small', 'gpt-3.5-turbo-instruct'],
        }],
        routes: [{ model: 'coder', strategy: 'fallback', targets: ['fake/gpt-4o-mini'] }],
    };
}

/**
 * Starts the gateway with `config` (an object). Resolves to
 * { baseURL, origin, port, child, output(), stop() } once it serves; `baseURL` is the
 * OpenAI base URL (…/v1). stop() sends SIGTERM and rejects unless the exit code is 0.
 */
export async function startGateway(config, { env = {}, startTimeoutMs = 20_000, stopTimeoutMs = 20_000 } = {}) {
    const bin = process.env.SWITCHYARD_BIN;
    if (!bin)
        throw new Error('SWITCHYARD_BIN is not set: point it at the switchyard binary (ctest sets it)');

    const tmp = await mkdtemp(join(tmpdir(), 'switchyard-e2e-'));
    const configPath = join(tmp, 'config.json');
    const dataDir = join(tmp, 'data');
    await writeFile(configPath, JSON.stringify(config, null, 2));

    const child = spawn(bin, ['serve', '--config', configPath, '--port', '0', '--data-dir', dataDir], {
        env: { ...process.env, FAKE_API_KEY: FAKE_UPSTREAM_KEY, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
        stderr += d;
        if (process.env.SWITCHYARD_E2E_VERBOSE)
            process.stderr.write(d);
    });
    const exited = new Promise((resolve) => {
        child.on('exit', (code, signal) => resolve({ code, signal }));
        child.on('error', (error) => resolve({ code: null, signal: null, error }));
    });
    const output = () => `--- gateway stdout ---\n${stdout}--- gateway stderr ---\n${stderr}`;

    const serving = new Promise((resolve, reject) => {
        const lines = createInterface({ input: child.stdout });
        lines.on('line', (line) => {
            stdout += line + '\n';
            const m = SERVING_LINE.exec(line);
            if (m)
                resolve({ origin: m[1], port: Number(m[2]), baseURL: m[3] });
        });
        exited.then(({ code, signal, error }) =>
            reject(new Error(`switchyard exited before serving (code ${code}, signal ${signal}${error ? ', ' + error.message : ''})\n${output()}`)));
    });
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`switchyard did not print its "serving on" line within ${startTimeoutMs} ms\n${output()}`)),
            startTimeoutMs);
    });

    let info;
    try {
        info = await Promise.race([serving, timeout]);
    } catch (err) {
        child.kill('SIGKILL');
        await exited;
        await rm(tmp, { recursive: true, force: true });
        throw err;
    } finally {
        clearTimeout(timer);
    }

    let stopped = null;
    return {
        ...info,
        child,
        configPath,
        dataDir,
        output,
        /** SIGTERM, then waits for the exit; rejects unless the gateway exits with code 0. */
        stop() {
            stopped ??= (async () => {
                if (child.exitCode === null && child.signalCode === null)
                    child.kill('SIGTERM');
                let killTimer;
                const result = await Promise.race([
                    exited,
                    new Promise((resolve) => {
                        killTimer = setTimeout(() => {
                            child.kill('SIGKILL');
                            resolve({ code: null, signal: 'SIGKILL', timedOut: true });
                        }, stopTimeoutMs);
                    }),
                ]);
                clearTimeout(killTimer);
                await rm(tmp, { recursive: true, force: true });
                if (result.timedOut)
                    throw new Error(`switchyard did not exit within ${stopTimeoutMs} ms of SIGTERM (killed)\n${output()}`);
                if (result.code !== 0)
                    throw new Error(`switchyard exited with code ${result.code} (signal ${result.signal}) after SIGTERM, expected 0\n${output()}`);
                return result;
            })();
            return stopped;
        },
    };
}
