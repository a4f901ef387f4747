import { describe, expect, it } from 'vitest';
import type { ItemStatus } from '../../db/schema.ts';
import { sipCirculationStatus, sipMediaOf } from './sip-item-status.policy.ts';

describe('item statuses as a kiosk reads them', () => {
  it.each<[ItemStatus, boolean, string]>([
    ['available', false, '03'],
    ['checked-out', false, '04'],
    ['checked-out', true, '07'],
    ['on-order', false, '02'],
    ['in-process', false, '06'],
    ['awaiting-pickup', false, '08'],
    ['in-transit', false, '10'],
    ['claimed-returned', false, '11'],
    ['declared-lost', false, '12'],
    ['aged-to-lost', false, '12'],
    ['missing', false, '13'],
    ['withdrawn', false, '01'],
    ['paged', false, '01'],
  ])('%s (recalled: %s) is %s', (status, recalled, code) => {
    expect(sipCirculationStatus(status, recalled)).toBe(code);
  });

  it('gives books and discs their media types and equipment no tattle-tape', () => {
    expect(sipMediaOf('book')).toEqual({ mediaType: '001', magneticMedia: 'N', securityMarker: '02' });
    expect(sipMediaOf('dvd').mediaType).toBe('006');
    expect(sipMediaOf('laptop').securityMarker).toBe('01');
    expect(sipMediaOf('microfiche')).toEqual({ mediaType: '000', magneticMedia: 'U', securityMarker: '00' });
  });
});
