package com.cityexplorer.city.city;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.SeedAnnouncer;
import com.cityexplorer.platform.mongo.SeedInserts;

/** Writes rows of the GeoNames extract as cities, leaving cities that already exist as they are. */
@Component
public class CityImport {

    private final SeedInserts inserts;
    private final SeedAnnouncer seeds;

    CityImport(SeedInserts inserts, SeedAnnouncer seeds) {
        this.inserts = inserts;
        this.seeds = seeds;
    }

    /**
     * Inserts the cities of these rows that are not there yet (cities changed since by an administrator
     * stay as they are); returns how many were new. Rows are
     * {@code geonameId, name, searchName, countryCode, country, population, lat, lon, timezone, alternateNames}.
     */
    public int insertMissing(List<String[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Instant now = Instant.now();
        List<City> cities = rows.stream().map(row -> City.of(row[0], row[1],
                row[9].isBlank() ? List.of() : Arrays.asList(row[9].split("\\|")), row[3], row[4], Long.parseLong(row[5]),
                new City.Location(Double.parseDouble(row[6]), Double.parseDouble(row[7])), row[8], "geonames", now)).toList();
        return inserts.insertMissing(City.class, cities);
    }

    /** Tells the other services about the seed cities (see SeedAnnouncer); returns once Kafka has them all. */
    public void announce(List<String[]> rows) {
        seeds.announce(rows.stream().map(row -> new CityEvents.CityCreated(row[0], row[1], row[3], Long.parseLong(row[5]),
                new City.Location(Double.parseDouble(row[6]), Double.parseDouble(row[7])), row[8])).toList());
    }
}
