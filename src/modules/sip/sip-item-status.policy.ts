import type { ItemStatus } from '../../db/schema.ts';

/**
 * How Carrel's item statuses and material types read in SIP2 codes. Pure.
 * Circulation status (item information, 18): 01 other, 02 on order, 03 available, 04 charged,
 * 05 charged not to be recalled yet, 06 in process, 07 recalled, 08 waiting on hold shelf,
 * 09 waiting to be re-shelved, 10 in transit, 11 claimed returned, 12 lost, 13 missing.
 */
const circulationStatusByItemStatus: Partial<Record<ItemStatus, string>> = {
  'on-order': '02',
  available: '03',
  'checked-out': '04',
  'in-process': '06',
  'awaiting-pickup': '08',
  'in-transit': '10',
  'claimed-returned': '11',
  'declared-lost': '12',
  'aged-to-lost': '12',
  'lost-and-paid': '12',
  missing: '13',
};

export function sipCirculationStatus(itemStatus: ItemStatus, recalled: boolean): string {
  if (itemStatus === 'checked-out' && recalled) return '07';
  // paged, withdrawn, damaged, in repair, unavailable: none has a SIP code of its own
  return circulationStatusByItemStatus[itemStatus] ?? '01';
}

interface MediaFacts {
  /** CK: 000 other, 001 book, 002 magazine, 003 bound journal, 004 audio tape, 005 video tape, 006 CD/CD-ROM/DVD. */
  mediaType: string;
  /** Magnetic media fixed field: tapes must not pass the desensitizer. */
  magneticMedia: 'Y' | 'N' | 'U';
  /** Security marker (18): 00 other, 01 none, 02 tattle-tape. */
  securityMarker: string;
}

const mediaByMaterialType: Record<string, MediaFacts> = {
  book: { mediaType: '001', magneticMedia: 'N', securityMarker: '02' },
  'reserve-copy': { mediaType: '001', magneticMedia: 'N', securityMarker: '02' },
  periodical: { mediaType: '002', magneticMedia: 'N', securityMarker: '02' },
  dvd: { mediaType: '006', magneticMedia: 'N', securityMarker: '00' },
  'blu-ray': { mediaType: '006', magneticMedia: 'N', securityMarker: '00' },
  audio: { mediaType: '006', magneticMedia: 'N', securityMarker: '00' },
  laptop: { mediaType: '000', magneticMedia: 'N', securityMarker: '01' },
  tablet: { mediaType: '000', magneticMedia: 'N', securityMarker: '01' },
  camera: { mediaType: '000', magneticMedia: 'N', securityMarker: '01' },
};

export function sipMediaOf(materialTypeCode: string): MediaFacts {
  return mediaByMaterialType[materialTypeCode] ?? { mediaType: '000', magneticMedia: 'U', securityMarker: '00' };
}
