/**
 * Structural validation of spec data against the TypeBox schema (`schema.ts`) with the generic walker of
 * `core/schema-walk.ts`; text fields with an ip `format` are parsed with `src/ip` and reported as E_PREFIX_SYNTAX,
 * E_ADDRESS_SYNTAX or E_ZONE_NOT_ALLOWED.
 */
import type { TSchema } from '@sinclair/typebox';
import { walkSchema } from '../core/schema-walk.js';
import { Ipv4Address, Ipv4Prefix, Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import type { DataPath } from './plan-types.js';
import type { Reporter } from './reporter.js';
import type { IpFormatName } from './schema.js';

/** Validates `value` against `schema`, reporting every problem found below `path`. */
export function validateStructure(value: unknown, schema: TSchema, reporter: Reporter, path: DataPath = []): void {
  walkSchema(
    value,
    schema,
    {
      report: (code, p, message, options) => reporter.report(code, p, message, options),
      checkFormat: (text, format, p) => checkIpFormat(text, format as IpFormatName, reporter, p),
    },
    path,
  );
}

/** Parses an ip-valued field and reports the `src/ip` failure under the spec's code. */
function checkIpFormat(value: string, format: IpFormatName, r: Reporter, path: DataPath): void {
  let result: { ok: true } | { ok: false; code: string; message: string };
  let isPrefix = true;
  switch (format) {
    case 'ipv6-prefix':
    case 'ipv6-interface-address':
      result = Ipv6Prefix.tryParse(value);
      break;
    case 'ipv4-prefix':
      result = Ipv4Prefix.tryParse(value);
      break;
    case 'ipv6-address':
      result = Ipv6Address.tryParse(value);
      isPrefix = false;
      break;
    case 'ipv4-address':
      result = Ipv4Address.tryParse(value);
      isPrefix = false;
      break;
    default:
      return;
  }
  if (result.ok) return;
  if (result.code === 'E_IP_ZONE') {
    r.report('E_ZONE_NOT_ALLOWED', path, `${JSON.stringify(value)}: a zone id (%…) is not allowed here`, {
      hint: 'remove the %zone part',
    });
    return;
  }
  const family = format.startsWith('ipv6') ? 'IPv6' : 'IPv4';
  const what =
    format === 'ipv6-interface-address' ? 'interface address (address/length)' : isPrefix ? 'prefix' : 'address';
  let hint: string | undefined;
  if (!isPrefix && value.includes('/')) hint = 'this field takes an address without /length';
  else if (isPrefix && !value.includes('/')) hint = 'add the prefix length, e.g. /64';
  else if (family === 'IPv6' && !value.includes(':')) hint = 'this field takes IPv6';
  r.report(isPrefix ? 'E_PREFIX_SYNTAX' : 'E_ADDRESS_SYNTAX', path, `invalid ${family} ${what}: ${result.message}`, {
    ...(hint ? { hint } : {}),
  });
}
