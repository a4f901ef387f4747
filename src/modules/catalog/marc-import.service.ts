import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { recordAuditEvent, type Actor } from '../audit/index.ts';
import { locationCodesOfInstitution } from '../org/index.ts';
import { insertInstance } from './catalog.queries.ts';
import { firstTakenBarcode, insertItem, itemTypeCodes } from './item.queries.ts';
import { ensureHolding } from './catalog.service.ts';
import { mapMarcRecord, MarcMappingError, type MappedRecord } from './marc-mapping.ts';
import { characterSetDecoder, readMarcRecords, type MarcFileFormat } from './marc-reader.ts';
import { reindexInstances } from './search-index.ts';
import { isUniqueViolation } from '../../db/database-errors.ts';

export interface MarcImportOptions {
  institutionId: string;
  /** Location code for holdings and items whose record names no known location. */
  locationCode?: string | undefined;
  format?: MarcFileFormat | undefined;
  /**
   * The file's character set when it is neither MARC-8 nor UTF-8 (a WHATWG label such as
   * windows-1251); it then applies to every record whatever its leader says.
   */
  encoding?: string | undefined;
  /** Called after each record with the bytes read so far and the total. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

export interface RejectedMarcRecord {
  /** 1-based number of the record in the file. */
  position: number;
  reason: string;
  controlNumber?: string;
}

export interface MarcImportReport {
  imported: number;
  itemsCreated: number;
  rejected: RejectedMarcRecord[];
}

class RecordRejected extends Error {}

interface InstitutionCodes {
  locations: Map<string, string>;
  materialTypes: Map<string, string>;
  defaultMaterialTypeId: string;
  defaultLoanTypeId: string;
  defaultLocationId: string | null;
}

async function loadCodes(db: Kysely<Database>, options: MarcImportOptions): Promise<InstitutionCodes> {
  const [locations, materialTypes, loanTypes] = await Promise.all([
    locationCodesOfInstitution(db, options.institutionId),
    itemTypeCodes(db, 'material_type', options.institutionId),
    itemTypeCodes(db, 'loan_type', options.institutionId),
  ]);
  const byCode = (rows: Array<{ id: string; code: string }>) => new Map(rows.map((row) => [row.code.toLowerCase(), row.id]));
  const locationIds = byCode(locations);
  const materialTypeIds = byCode(materialTypes);
  let defaultLocationId: string | null = null;
  if (options.locationCode) {
    defaultLocationId = locationIds.get(options.locationCode.toLowerCase()) ?? null;
    if (!defaultLocationId) throw new DomainError('LOCATION_NOT_FOUND', `There is no location with code ${options.locationCode}.`, { location: options.locationCode });
  }
  const defaultMaterialTypeId = materialTypeIds.get('book') ?? materialTypes[0]?.id;
  const defaultLoanTypeId = byCode(loanTypes).get('standard') ?? loanTypes[0]?.id;
  if (!defaultMaterialTypeId || !defaultLoanTypeId) {
    throw new DomainError('VALIDATION_FAILED', 'The institution needs at least one material type and one loan type before items can be imported.');
  }
  return { locations: locationIds, materialTypes: materialTypeIds, defaultMaterialTypeId, defaultLoanTypeId, defaultLocationId };
}

function locationFor(codes: InstitutionCodes, candidates: Array<string | null>): string {
  for (const code of candidates) {
    const id = code ? codes.locations.get(code.toLowerCase()) : undefined;
    if (id) return id;
  }
  if (codes.defaultLocationId) return codes.defaultLocationId;
  const named = candidates.filter((code): code is string => Boolean(code));
  throw new RecordRejected(
    named.length > 0 ? `unknown location code ${named.join(' / ')} (add the location or give a default location)` : 'the record has items but no location (give a default location)',
  );
}

/** Insert one mapped record in its own transaction; returns the number of items made. */
async function importOne(db: Kysely<Database>, clock: Clock, institutionId: string, codes: InstitutionCodes, mapped: MappedRecord): Promise<number> {
  const barcodes = mapped.items.map((item) => item.barcode);
  const repeated = barcodes.find((barcode, index) => barcodes.indexOf(barcode) !== index);
  if (repeated) throw new RecordRejected(`barcode ${repeated} appears twice in the record`);
  const items = mapped.items.map((item) => ({
    ...item,
    locationId: locationFor(codes, item.locationCodes),
    materialTypeId: (item.itemTypeCode && codes.materialTypes.get(item.itemTypeCode.toLowerCase())) || codes.defaultMaterialTypeId,
  }));
  const holdings = mapped.holdings.map((holding) => ({ ...holding, locationId: locationFor(codes, [holding.locationCode]) }));
  return db.transaction().execute(async (trx) => {
    if (barcodes.length > 0) {
      const taken = await firstTakenBarcode(trx, institutionId, barcodes);
      if (taken) throw new RecordRejected(`barcode ${taken} is already in use`);
    }
    const now = clock.now().toISOString();
    const instanceId = await insertInstance(trx, institutionId, mapped.instance, { kind: 'marc', recordId: mapped.instance.sourceRecordId, at: now });
    for (const holding of holdings) await ensureHolding(trx, institutionId, instanceId, holding.locationId, holding.callNumber);
    for (const item of items) {
      const holdingId = await ensureHolding(trx, institutionId, instanceId, item.locationId, item.callNumber);
      await insertItem(trx, {
        id: newId(),
        institution_id: institutionId,
        holding_id: holdingId,
        instance_id: instanceId,
        barcode: item.barcode,
        material_type_id: item.materialTypeId,
        loan_type_id: codes.defaultLoanTypeId,
        status: 'available',
        status_changed_at: now,
        copy_number: item.copyNumber,
        volume: null,
        enumeration: item.enumeration,
        chronology: null,
        price_cents: item.priceCents,
        replacement_cost_cents: item.replacementCostCents,
        temporary_location_id: null,
        temporary_loan_type_id: null,
        public_note: item.publicNote,
        staff_note: item.staffNote,
        created_at: now,
        updated_at: now,
      });
    }
    await reindexInstances(trx, [instanceId]);
    return items.length;
  });
}

/**
 * Import a MARC file: each record in its own transaction, so a bad record is reported (with its
 * position and reason) and leaves nothing behind, while the rest of the file goes in.
 */
export async function importMarcFile(db: Kysely<Database>, clock: Clock, actor: Actor, content: Buffer, options: MarcImportOptions): Promise<MarcImportReport> {
  const characterSet = options.encoding === undefined ? undefined : characterSetDecoder(options.encoding);
  if (characterSet === null) {
    throw new DomainError('VALIDATION_FAILED', `Carrel does not know the character set "${options.encoding}": give a name such as windows-1251, iso-8859-5, koi8-r or shift_jis.`, {
      encoding: options.encoding,
    });
  }
  const codes = await loadCodes(db, options);
  const report: MarcImportReport = { imported: 0, itemsCreated: 0, rejected: [] };
  for (const reading of readMarcRecords(content, options.format, characterSet)) {
    const reject = (reason: string) => report.rejected.push({ position: reading.position, reason, ...(reading.controlNumber ? { controlNumber: reading.controlNumber } : {}) });
    if (!reading.record) {
      reject(reading.reason ?? 'unreadable record');
    } else {
      try {
        report.itemsCreated += await importOne(db, clock, options.institutionId, codes, mapMarcRecord(reading.record));
        report.imported += 1;
      } catch (error) {
        if (error instanceof RecordRejected || error instanceof MarcMappingError) reject(error.message);
        else if (isUniqueViolation(error)) reject('an item barcode in the record is already in use');
        else if (error instanceof Error) reject(`the database refused the record: ${error.message}`);
        else throw error;
      }
    }
    options.onProgress?.(reading.offset, content.length);
  }
  if (report.imported === 0 && report.rejected.length === 0 && content.toString('latin1').trim() !== '') {
    throw new DomainError('IMPORT_REJECTED', `No ${options.format === 'marcxml' ? 'MARCXML' : 'MARC'} records were found in the file; is it in the format given?`, { format: options.format });
  }
  await db.transaction().execute((trx) =>
    recordAuditEvent(trx, actor, clock.now(), {
      action: 'catalog.import-marc',
      entityType: 'instance',
      entityId: null,
      after: { imported: report.imported, itemsCreated: report.itemsCreated, rejected: report.rejected.length },
    }),
  );
  return report;
}
