import type { Command } from '../io.js';
import { schemaCommand } from './schema.js';
import { speakerCommand } from './speaker.js';

/** Every CLI command, in the order `v6net --help` lists them. Add one line per command. */
export const commands: readonly Command[] = [schemaCommand, speakerCommand];
