import type { Command } from '../io.js';

/** Every CLI command, in the order `v6net --help` lists them. Add one line per command. */
export const commands: readonly Command[] = [];
