import type { Kysely } from 'kysely';
import { Document, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import type { Database } from '../../db/schema.ts';
import { readLibraryConfig } from './library-config.queries.ts';
import { configSections } from './library-config.policy.ts';
import { policySectionNames, type PolicyEntry } from './library-config.schema.ts';

export interface ExportHeader {
  institutionCode: string;
  institutionName: string;
  exportedAt: Date;
}

// Left out when empty: their defaults are null, so a shorter file means the same.
const droppedWhenNull = new Set([
  'description', 'discoveryName', 'timeZone', 'validFrom', 'validTo', 'opens', 'closes',
  'patronGroup', 'materialType', 'loanType', 'location', 'library', 'campus',
  'maxLoans', 'maxOverdueItems', 'maxOverdueRecalls', 'maxLostItems', 'maxFeeBalanceCents',
]);

function withoutDefaults(section: string, entry: Record<string, unknown>): Record<string, unknown> {
  const kept = Object.entries(entry).filter(([field, value]) => {
    if (value === null && droppedWhenNull.has(field)) return false;
    if (section === 'circulationRules' && field === 'fallback') return value === true;
    if (section === 'patronGroupLimits' && field === 'maxLoansPerMaterialType') return Object.keys(value as object).length > 0;
    return true;
  });
  return Object.fromEntries(kept);
}

function isSmall(node: unknown): boolean {
  if (isScalar(node)) return true;
  if (isSeq(node)) return node.items.every((item) => isScalar(item));
  if (isMap(node)) return node.items.every((pair) => isScalar(pair.value) || (isSeq(pair.value) && pair.value.items.every((item) => isScalar(item))));
  return false;
}

/**
 * The institution's configuration in the file format of `carrel config apply`: applying the
 * export to a fresh institution reproduces it. Every setting is written out, defaults included,
 * except empty optional fields.
 */
export async function exportLibraryConfig(db: Kysely<Database>, institutionId: string, header: ExportHeader): Promise<string> {
  const { config } = await readLibraryConfig(db, institutionId);
  const output: Record<string, unknown> = { version: 1 };
  for (const { section } of configSections) {
    const entries = config[section] as Record<string, unknown>[];
    output[section] = entries.map((entry) => {
      if ((policySectionNames as string[]).includes(section)) {
        const { code, name, description, settings } = entry as unknown as PolicyEntry;
        return withoutDefaults(section, { code, name, description, ...settings });
      }
      if (section === 'calendars') {
        const { servicePoint, hours, exceptions } = entry as { servicePoint: string; hours: Record<string, unknown>[]; exceptions: Record<string, unknown>[] };
        return { servicePoint, hours: hours.map((row) => withoutDefaults(section, row)), exceptions: exceptions.map((row) => withoutDefaults(section, row)) };
      }
      return withoutDefaults(section, entry);
    });
  }
  const document = new Document(output);
  document.commentBefore = [
    ` Carrel library configuration: ${header.institutionName} (${header.institutionCode})`,
    ` Exported ${header.exportedAt.toISOString()} by \`carrel config export\`.`,
    ' Apply with `carrel config apply FILE.yaml [--institution CODE] [--dry-run]`: entries are created or',
    ' updated by code (rules by name); anything this file leaves out is left as it is. A calendar given here',
    ' replaces that service point\'s weekly hours, closures and special hours. Money is in cents.',
  ].join('\n');
  // Small mappings and lists (hours, periods, codes) on one line each; sections and their entries in blocks.
  visit(document, {
    Map(_key, node, path) {
      if (path.length > 4 && isSmall(node)) (node as Node & { flow?: boolean }).flow = true;
    },
    Seq(_key, node, path) {
      if (path.length > 3 && isSmall(node)) (node as Node & { flow?: boolean }).flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}
