import { describe, expect, it } from 'vitest';
import { LabErrorCode } from './errors.js';
import { inNamespace, ProcessRegistry, runCommand } from './processes.js';

describe('inNamespace', () => {
  it('wraps a command in ip netns exec', () => {
    expect(inNamespace('v6n-x', 'bird', ['-f'])).toEqual(['ip', ['netns', 'exec', 'v6n-x', 'bird', '-f']]);
    expect(inNamespace(undefined, 'bird', ['-f'])).toEqual(['bird', ['-f']]);
  });
});

describe('runCommand', () => {
  it('returns the output', async () => {
    const result = await runCommand(process.execPath, ['-e', 'process.stdout.write("hi")']);
    expect(result.stdout).toBe('hi');
    expect(result.code).toBe(0);
  });

  it('fails with E_LAB_COMMAND_FAILED on a non-zero exit, unless allowed', async () => {
    await expect(runCommand(process.execPath, ['-e', 'process.exit(3)'])).rejects.toMatchObject({
      code: LabErrorCode.commandFailed,
    });
    expect((await runCommand(process.execPath, ['-e', 'process.exit(3)'], { allowFailure: true })).code).toBe(3);
  });

  it('kills a command past its deadline with E_LAB_TIMEOUT', async () => {
    await expect(
      runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { timeoutMs: 200 }),
    ).rejects.toMatchObject({ code: LabErrorCode.timeout });
  });
});

describe('ProcessRegistry', () => {
  it('stops exactly the processes it started, and collects their output lines', async () => {
    const registry = new ProcessRegistry();
    const lines: string[] = [];
    const proc = registry.spawn(
      'sleeper',
      process.execPath,
      ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'],
      {
        onStdoutLine: (line) => lines.push(line),
      },
    );
    for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lines).toEqual(['ready']);
    expect(registry.running).toEqual([proc]);
    await registry.stopAll();
    expect(proc.isRunning).toBe(false);
    expect((await proc.exited).signal).toBe('SIGTERM');
    expect(registry.running).toEqual([]);
  });
});
