package com.cityexplorer.city.city;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.mongodb.MongoBulkWriteException;

import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/** Writes rows of the GeoNames extract as cities, leaving cities that already exist as they are. */
@Component
public class CityImport {

    private final MongoTemplate mongo;

    CityImport(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Inserts the cities of these rows that are not there yet; returns how many were new. Rows are
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
        try {
            return mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, City.class).insert(cities).execute().getInsertedCount();
        }
        catch (org.springframework.dao.DuplicateKeyException ex) {
            return insertedCount(ex.getCause());
        }
        catch (org.springframework.data.mongodb.BulkOperationException ex) {
            // Already there (an earlier, interrupted load, or another instance loading at the same time).
            return ex.getResult().getInsertedCount();
        }
    }

    private static int insertedCount(Throwable cause) {
        return cause instanceof MongoBulkWriteException bulk ? bulk.getWriteResult().getInsertedCount() : 0;
    }
}
