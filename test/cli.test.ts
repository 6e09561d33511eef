/** The CLI shell: help, version, unknown commands, and that the lazy command list matches the modules. */
import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands/index.js';
import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

function fakeIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    env: {},
    isTty: false,
    stdout: { write: (t: string) => (io.out += t) },
    stderr: { write: (t: string) => (io.err += t) },
  };
  return io;
}

describe('v6net CLI shell', () => {
  it('--help lists every command', async () => {
    const io = fakeIo();
    expect(await main(['--help'], io)).toBe(0);
    for (const c of commands) expect(io.out).toContain(c.name);
  });

  it('no arguments prints help and exits 2; unknown commands exit 2', async () => {
    expect(await main([], fakeIo())).toBe(2);
    const io = fakeIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err).toContain("unknown command 'frobnicate'");
  });

  it('every listed command loads, has help, and its summary matches the list', async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary).toBe(entry.summary);
      const io = fakeIo();
      expect(await main([entry.name, '--help'], io)).toBe(0);
      expect(io.out).toContain('Usage:');
    }
  });
});
