import type { CommandEntry } from '../io.js';

/**
 * Every CLI command, in the order `v6net --help` lists them. Add one entry per command. Modules load lazily so that
 * `v6net check` does not pay for the BGP speaker's imports (and the reverse).
 */
export const commands: readonly CommandEntry[] = [
  {
    name: 'check',
    summary: 'Check a spec or an existing repo (Cilium YAML, kustomizations, VyOS/FRR configs): file:line findings',
    load: async () => (await import('./check.js')).checkCommand,
  },
  {
    name: 'import',
    summary: 'Write a v6net spec from an existing repo (Cilium YAML, kustomizations, Nodes, VyOS/FRR configs)',
    load: async () => (await import('./import.js')).importCommand,
  },
  {
    name: 'render',
    summary: 'Render every artifact of a spec: Cilium CRDs, kustomization, VyOS and FRR configs, docs and diagram',
    load: async () => (await import('./render.js')).renderCommand,
  },
  {
    name: 'schema',
    summary: 'Print the JSON Schema of v6net.yaml (for editors and validators)',
    load: async () => (await import('./schema.js')).schemaCommand,
  },
  {
    name: 'agent',
    summary: "Run one node's Cilium BGP control plane from artifacts (or --dry-run: what it would announce and why)",
    load: async () => (await import('./agent.js')).agentCommand,
  },
  {
    name: 'speaker',
    summary: 'Run a standalone BGP speaker (announce routes, peer with routers), or query one (speaker ctl)',
    load: async () => (await import('./speaker.js')).speakerCommand,
  },
];
