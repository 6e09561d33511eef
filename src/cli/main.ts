import { InputError, UsageError, V6netError } from '../core/errors.js';
import { commands } from './commands/index.js';
import { type CliIo, processIo } from './io.js';

const VERSION = '0.1.0';

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const list = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `v6net ${VERSION} — plan, check, render, import and run IPv6-only Kubernetes networks (Cilium BGP + VyOS)

Usage: v6net <command> [options]

Commands:
${list}

Run 'v6net <command> --help' for a command's options.
Exit codes: 0 ok, 1 problems found (or the command failed), 2 usage error.
`;
}

/** Runs the CLI. Never calls process.exit; returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (entry === undefined) {
    io.stderr.write(`v6net: unknown command '${name}'. Run 'v6net --help' for the list.\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`v6net ${name}: ${error.message}\nRun 'v6net ${name} --help' for usage.\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof V6netError) {
      io.stderr.write(`v6net ${name}: ${error.message}\n`);
      return 1;
    }
    // A bug: say so plainly, show the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`v6net ${name}: internal error: ${message}\n`);
    if (io.env['V6NET_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('(set V6NET_DEBUG=1 for details; please report this)\n');
    return 70;
  }
}
