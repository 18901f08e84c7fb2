package com.cityexplorer.city.city;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.stereotype.Component;

import com.cityexplorer.platform.events.outbox.Outbox;

/** Writes rows of the GeoNames extract as cities, leaving cities that already exist as they are. */
@Component
public class CityImport {

    private final Outbox outbox;

    CityImport(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Inserts the cities of these rows that are not there yet, each with a {@code CityCreated} event so
     * the services that keep what they need of cities (place-service) learn of the seed data too;
     * returns how many were new. Rows are
     * {@code geonameId, name, searchName, countryCode, country, population, lat, lon, timezone, alternateNames}.
     */
    public int insertMissing(List<String[]> rows) {
        Instant now = Instant.now();
        List<City> cities = rows.stream().map(row -> City.of(row[0], row[1],
                row[9].isBlank() ? List.of() : Arrays.asList(row[9].split("\\|")), row[3], row[4], Long.parseLong(row[5]),
                new City.Location(Double.parseDouble(row[6]), Double.parseDouble(row[7])), row[8], "geonames", now)).toList();
        return outbox.insertAll(cities, city -> new CityEvents.CityCreated(city.id(), city.name(), city.countryCode(),
                city.population(), city.location(), city.timezone()));
    }
}
