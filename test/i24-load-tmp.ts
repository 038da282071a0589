import { loadDataset } from '../src/domain/dataset.js';
const r = loadDataset(process.argv[2]!);
console.log(r.dataset.localAuthority, r.schools.length, r.specialSchools.size, r.districts.length, r.msoas.length, r.lsoas.size, Math.round(r.loadMs), 'ms');
console.log(r.localityCheck.unlocated.length, r.localityCheck.mismatches.length);
