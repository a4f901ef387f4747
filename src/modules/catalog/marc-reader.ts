import marcjs from 'marcjs';
import { decodeMarc8, Marc8Error } from './marc8.ts';

/**
 * Splits a MARC file into records and checks each one's structure before marcjs parses it, so a
 * damaged record is reported by position and reason instead of producing garbage or stopping the
 * file. MARC-8 records (leader/09 blank) are transcoded to UTF-8 first; everything comes out NFC.
 * A file in a legacy character set (Windows-1251, KOI8-R, ...) is read with a decoder for it, named
 * by the caller: the leader cannot say which one. Bytes a record's character set does not allow
 * reject the record; nothing is replaced silently.
 */

export type MarcFileFormat = 'iso2709' | 'marcxml';

/** A parsed record in marcjs's shape. */
export interface MarcRecord {
  leader: string;
  fields: string[][];
}

export interface MarcReading {
  /** 1-based number of the record in the file. */
  position: number;
  /** Bytes (ISO 2709) or characters (MARCXML) read so far, for progress. */
  offset: number;
  record?: MarcRecord;
  reason?: string;
  controlNumber?: string;
}

const RECORD_TERMINATOR = 0x1d;
const FIELD_TERMINATOR = 0x1e;
const SUBFIELD_DELIMITER = 0x1f;

class RecordStructureError extends Error {}

export function detectMarcFormat(content: Buffer): MarcFileFormat {
  const start = content.subarray(0, 200).toString('latin1').replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<') ? 'marcxml' : 'iso2709';
}

function numberAt(raw: Buffer, start: number, length: number, what: string): number {
  const text = raw.toString('latin1', start, start + length);
  if (!/^\d+$/.test(text)) throw new RecordStructureError(`${what} is not a number ("${text.replace(/[^\x20-\x7e]/g, '?')}")`);
  return Number(text);
}

interface DirectoryEntry {
  tag: string;
  data: Buffer;
}

/** Check the leader, directory and fields of one ISO 2709 record (terminator included). */
function readStructure(raw: Buffer): { leader: string; entries: DirectoryEntry[] } {
  if (raw.length < 25) throw new RecordStructureError(`record is only ${raw.length} bytes long, too short for a leader`);
  const declaredLength = numberAt(raw, 0, 5, 'record length in the leader');
  const base = numberAt(raw, 12, 5, 'base address of data in the leader');
  if (base < 25 || base > raw.length - 1) throw new RecordStructureError(`base address of data ${base} is outside the record`);
  if (raw[base - 1] !== FIELD_TERMINATOR) throw new RecordStructureError('directory does not end with a field terminator');
  const directoryLength = base - 1 - 24;
  if (directoryLength % 12 !== 0) throw new RecordStructureError(`directory length ${directoryLength} is not a multiple of 12`);
  const entries: DirectoryEntry[] = [];
  for (let offset = 24; offset < base - 1; offset += 12) {
    const number = entries.length + 1;
    const tag = raw.toString('latin1', offset, offset + 3);
    if (!/^[0-9A-Za-z]{3}$/.test(tag)) throw new RecordStructureError(`directory entry ${number} has an invalid tag "${tag.replace(/[^\x20-\x7e]/g, '?')}"`);
    const length = numberAt(raw, offset + 3, 4, `length of field ${tag} in the directory`);
    const start = numberAt(raw, offset + 7, 5, `starting position of field ${tag} in the directory`);
    const end = base + start + length;
    if (length < 1 || end > raw.length - 1) throw new RecordStructureError(`field ${tag} runs past the end of the record`);
    const data = raw.subarray(base + start, end);
    // Subfield codes first: a stray multibyte code also shifts the lengths, and is the better reason.
    if (!/^00\d$/.test(tag)) checkDataField(tag, data);
    if (data[data.length - 1] !== FIELD_TERMINATOR) throw new RecordStructureError(`field ${tag} does not end with a field terminator`);
    entries.push({ tag, data });
  }
  if (declaredLength !== raw.length) throw new RecordStructureError(`leader gives a record length of ${declaredLength} but the record has ${raw.length} bytes`);
  return { leader: raw.toString('latin1', 0, 24), entries };
}

function checkDataField(tag: string, data: Buffer): void {
  if (data.length < 3 || data[0] === SUBFIELD_DELIMITER || data[1] === SUBFIELD_DELIMITER) throw new RecordStructureError(`field ${tag} has no indicators`);
  const indicators = data.toString('latin1', 0, 2);
  if (!/^[0-9a-z ]{2}$/.test(indicators)) throw new RecordStructureError(`field ${tag} has invalid indicators "${indicators.replace(/[^\x20-\x7e]/g, '?')}"`);
  for (let index = 2; index < data.length - 1; index += 1) {
    if (data[index] !== SUBFIELD_DELIMITER) continue;
    const code = data[index + 1]!;
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a))) {
      throw new RecordStructureError(`field ${tag} has an invalid subfield code (byte 0x${code.toString(16).toUpperCase()})`);
    }
  }
}

/** Decodes one field's bytes (subfield delimiters included) to text, or throws RecordStructureError. */
type FieldDecoder = (data: Buffer) => string;

function marc8Field(data: Buffer): string {
  try {
    return decodeMarc8(data);
  } catch (error) {
    if (error instanceof Marc8Error) throw new RecordStructureError(error.message);
    throw error;
  }
}

function legacyField(decoder: TextDecoder): FieldDecoder {
  return (data) => {
    try {
      return decoder.decode(data);
    } catch {
      throw new RecordStructureError(`is not valid ${decoder.encoding}`);
    }
  };
}

/**
 * The text decoder for a character set label (WHATWG Encoding Standard names: windows-1251,
 * koi8-r, iso-8859-5, ...), or null when the platform knows no such label. UTF-16 is refused:
 * an ISO 2709 directory and MARCXML markup are single bytes, so a UTF-16 file is not MARC.
 */
export function characterSetDecoder(label: string): TextDecoder | null {
  try {
    const decoder = new TextDecoder(label, { fatal: true });
    return decoder.encoding.startsWith('utf-16') ? null : decoder;
  } catch {
    return null;
  }
}

/** A UTF-8 ISO 2709 record with the same fields, for one in MARC-8 or a legacy character set. */
function transcoded(leader: string, entries: DirectoryEntry[], decodeField: FieldDecoder): Buffer {
  const fields = entries.map((entry) => {
    try {
      return { tag: entry.tag, data: Buffer.from(decodeField(entry.data).normalize('NFC'), 'utf8') };
    } catch (error) {
      if (error instanceof RecordStructureError) throw new RecordStructureError(`field ${entry.tag} ${error.message}`);
      throw error;
    }
  });
  let start = 0;
  const directory = fields.map((field) => {
    if (field.data.length > 9999) throw new RecordStructureError(`field ${field.tag} is too long once converted to UTF-8`);
    const entry = `${field.tag}${String(field.data.length).padStart(4, '0')}${String(start).padStart(5, '0')}`;
    start += field.data.length;
    return entry;
  });
  const base = 24 + directory.length * 12 + 1;
  const length = base + start + 1;
  const newLeader = `${String(length).padStart(5, '0')}${leader.slice(5, 9)}a${leader.slice(10, 12)}${String(base).padStart(5, '0')}${leader.slice(17)}`;
  return Buffer.concat([Buffer.from(newLeader + directory.join(''), 'latin1'), Buffer.from([FIELD_TERMINATOR]), ...fields.map((field) => field.data), Buffer.from([RECORD_TERMINATOR])]);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function normalised(record: { leader: string; fields: string[][] }): MarcRecord {
  return { leader: record.leader, fields: record.fields.map((field) => field.map((value) => value.normalize('NFC'))) };
}

function controlNumberOf(entries: DirectoryEntry[]): string | undefined {
  const field = entries.find((entry) => entry.tag === '001');
  return field ? field.data.toString('latin1', 0, field.data.length - 1).trim() || undefined : undefined;
}

/** The 001 of a damaged record when its directory is readable that far, so the report can name it. */
function salvageControlNumber(raw: Buffer): string | undefined {
  const base = Number(raw.toString('latin1', 12, 17));
  if (!Number.isInteger(base) || base > raw.length) return undefined;
  for (let offset = 24; offset + 12 <= base; offset += 12) {
    if (raw.toString('latin1', offset, offset + 3) !== '001') continue;
    const length = Number(raw.toString('latin1', offset + 3, offset + 7));
    const start = Number(raw.toString('latin1', offset + 7, offset + 12));
    if (!Number.isInteger(length) || !Number.isInteger(start) || base + start + length > raw.length) return undefined;
    return raw.toString('latin1', base + start, base + start + length - 1).trim() || undefined;
  }
  return undefined;
}

function* readIso2709(content: Buffer, characterSet: TextDecoder | undefined): Generator<MarcReading> {
  let start = 0;
  let position = 0;
  while (start < content.length) {
    // Some exports put line breaks or padding between records.
    while (start < content.length && [0x0a, 0x0d, 0x20, 0x00].includes(content[start]!)) start += 1;
    if (start >= content.length) break;
    const terminator = content.indexOf(RECORD_TERMINATOR, start);
    const end = terminator === -1 ? content.length : terminator + 1;
    const raw = content.subarray(start, end);
    start = end;
    position += 1;
    if (terminator === -1) {
      yield { position, offset: end, reason: 'the file ends in the middle of a record (no record terminator)' };
      break;
    }
    let controlNumber: string | undefined;
    try {
      const { leader, entries } = readStructure(raw);
      controlNumber = controlNumberOf(entries);
      let utf8Record: Buffer;
      if (characterSet) {
        // The caller named the character set: it wins over leader/09, which legacy exports leave blank.
        utf8Record = transcoded(leader, entries, legacyField(characterSet));
      } else if (leader[9] === 'a') {
        try {
          strictUtf8.decode(raw);
        } catch {
          throw new RecordStructureError('leader says UTF-8 but the record is not valid UTF-8');
        }
        utf8Record = raw;
      } else if (leader[9] === ' ') {
        utf8Record = transcoded(leader, entries, marc8Field);
      } else {
        throw new RecordStructureError(`leader/09 "${leader[9]}" is neither blank (MARC-8) nor "a" (UTF-8)`);
      }
      const record = marcjs.Marc.parse(utf8Record.subarray(0, utf8Record.length - 1), 'iso2709');
      yield { position, offset: end, record: normalised(record), ...(controlNumber ? { controlNumber } : {}) };
    } catch (error) {
      if (!(error instanceof RecordStructureError)) throw error;
      controlNumber ??= salvageControlNumber(raw);
      yield { position, offset: end, reason: error.message, ...(controlNumber ? { controlNumber } : {}) };
    }
  }
}

function* readMarcxml(content: Buffer, characterSet: TextDecoder = strictUtf8): Generator<MarcReading> {
  // Records are found in the bytes (markup is ASCII in every character set allowed) and each is
  // decoded on its own, so bytes its character set does not allow reject that record alone.
  const bytes = content.toString('latin1');
  const pattern = /<(?:[A-Za-z_][\w.-]*:)?record\b[\s\S]*?<\/(?:[A-Za-z_][\w.-]*:)?record>/g;
  let position = 0;
  for (const match of bytes.matchAll(pattern)) {
    position += 1;
    const offset = (match.index ?? 0) + match[0].length;
    let text: string;
    try {
      text = characterSet.decode(Buffer.from(match[0], 'latin1'));
    } catch {
      const controlNumber = /<(?:[\w.-]+:)?controlfield\s+tag="001"\s*>([\x20-\x7e]*)</.exec(match[0])?.[1]?.trim();
      yield { position, offset, reason: `the record is not valid ${characterSet === strictUtf8 ? 'UTF-8' : characterSet.encoding}`, ...(controlNumber ? { controlNumber } : {}) };
      continue;
    }
    // marcjs reads un-prefixed elements with attributes in the usual order; drop namespace prefixes.
    const record = text.replace(/<(\/?)[A-Za-z_][\w.-]*:(record|leader|controlfield|datafield|subfield)\b/g, '<$1$2');
    const controlNumber = /<controlfield\s+tag="001"\s*>([^<]*)</.exec(record)?.[1]?.trim();
    const withControl = controlNumber ? { controlNumber } : {};
    const leader = /<leader>([^<]*)<\/leader>/.exec(record)?.[1];
    if (!leader || leader.length !== 24) {
      yield { position, offset, reason: leader ? `leader is ${leader.length} characters long, not 24` : 'record has no leader', ...withControl };
      continue;
    }
    try {
      yield { position, offset, record: normalised(marcjs.Marc.parse(record, 'marcxml')), ...withControl };
    } catch (error) {
      yield { position, offset, reason: `unreadable MARCXML record: ${error instanceof Error ? error.message : String(error)}`, ...withControl };
    }
  }
}

/** Every record of a MARC file in order, parsed or with the reason it could not be. */
export function readMarcRecords(content: Buffer, format: MarcFileFormat = detectMarcFormat(content), characterSet?: TextDecoder): Generator<MarcReading> {
  return format === 'marcxml' ? readMarcxml(content, characterSet) : readIso2709(content, characterSet);
}
