import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderJsonSchema } from '../../spec/json-schema.js';
import { main } from '../main.js';
import type { CliIo } from '../io.js';

const dir = mkdtempSync(join(tmpdir(), 'v6net-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: { write: (t: string) => (io.out += t) },
    stderr: { write: (t: string) => (io.err += t) },
    cwd: dir,
    env: {},
    isTty: false,
  };
  return io;
}

describe('v6net schema', () => {
  it('prints the JSON Schema generated from src/spec/schema.ts', async () => {
    const io = fakeIo();
    expect(await main(['schema'], io)).toBe(0);
    expect(io.out).toBe(renderJsonSchema());
    const schema = JSON.parse(io.out) as { $schema: string; required: string[]; properties: Record<string, unknown> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toContain('cluster');
    expect(Object.keys(schema.properties)).toContain('routers');
  });

  it('-o writes the file (relative to the working directory)', async () => {
    const io = fakeIo();
    expect(await main(['schema', '-o', 'out/v6net.schema.json'], io)).toBe(0);
    expect(readFileSync(join(dir, 'out/v6net.schema.json'), 'utf8')).toBe(renderJsonSchema());
    expect(io.out).toBe('');
  });

  it('an extra argument or an unknown flag is a usage error (exit 2)', async () => {
    expect(await main(['schema', 'extra'], fakeIo())).toBe(2);
    expect(await main(['schema', '--bogus'], fakeIo())).toBe(2);
  });

  it('an unwritable path is exit 1 without a stack trace', async () => {
    const io = fakeIo();
    // A regular file where a folder is needed: ENOTDIR on any filesystem, as root too.
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(await main(['schema', '-o', join(dir, 'a-file', 'sub', 'schema.json')], io)).toBe(1);
    expect(io.err).toContain('cannot write');
    expect(io.err).not.toContain('    at ');
  });
});
