import type { Command } from '../io.js';
import { checkCommand } from './check.js';
import { renderCommand } from './render.js';
import { schemaCommand } from './schema.js';
import { speakerCommand } from './speaker.js';

/** Every CLI command, in the order `v6net --help` lists them. Add one line per command. */
export const commands: readonly Command[] = [checkCommand, renderCommand, schemaCommand, speakerCommand];
