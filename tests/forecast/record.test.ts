import { describe, expect, it } from 'vitest';
import { EMPTY_RECORD, readDashboardRecord, recordActuals, recordKeep, recordReplan } from '../../src/forecast/record.js';
import { formatMarker, parseMarker } from '../../src/plan/marker.js';
import type { StageActuals } from '../../src/forecast/actuals.js';

const done = (id: string, end: string): StageActuals => ({ id, state: 'done', start: '2027-01-04', end, elapsed: 1, tasksDone: 1, tasksTotal: 1, firstEnd: null, reopened: false });
const active = (id: string): StageActuals => ({ id, state: 'active', start: '2027-01-04', end: null, elapsed: null, tasksDone: 0, tasksTotal: 1, firstEnd: null, reopened: false });

describe('the dashboard record', () => {
  it('keeps the first end of each stage, through a reopen and a later close', () => {
    const first = recordActuals(EMPTY_RECORD, [done('a', '2027-01-05'), active('b')]);
    const reopened = recordActuals(first, [active('a'), active('b')]);
    const again = recordActuals(reopened, [done('a', '2027-01-08'), active('b')]);
    expect(again.ended).toEqual({ a: '2027-01-05' });
  });

  it('keeps the baseline a re-plan replaced, the first one when re-planned twice', () => {
    const once = recordReplan(EMPTY_RECORD, [{ stage: 'b', from: '2027-01-08', to: '2027-01-13' }, { stage: 'c', from: null, to: '2027-01-25' }], '2027-01-11');
    const twice = recordReplan(once, [{ stage: 'b', from: '2027-01-13', to: '2027-01-15' }], '2027-01-12');
    expect(twice).toEqual({ baseline: { b: '2027-01-08', c: 'none' }, replanned: '2027-01-12', ended: {} });
    expect(recordReplan(once, [], '2027-01-20')).toBe(once);
  });

  it('survives the marker: written and read back the same, anything malformed dropped', () => {
    const record = { baseline: { c: '2027-01-15', b: '2027-01-08' }, replanned: '2027-01-11', ended: { a: '2027-01-05' } };
    const keep = recordKeep(record);
    const marker = parseMarker(formatMarker({ v: 1, kind: 'dashboard', ...(keep ? { keep } : {}), digest: 'x' }));
    expect(readDashboardRecord(marker?.keep)).toEqual(record);
    expect(recordKeep(EMPTY_RECORD)).toBeUndefined();
    expect(readDashboardRecord({ baseline: { a: 'soon', 'b c': '2027-01-01', d: 'none' }, replanned: 3, ended: [] })).toEqual({ baseline: { d: 'none' }, replanned: null, ended: {} });
  });
});
