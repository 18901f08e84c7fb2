package com.cityexplorer.place.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.nearby.CellDirectory;
import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.platform.mongo.SeedInserts;

/**
 * A large generated catalog for load tests, never loaded unless asked for
 * ({@code city-explorer.catalog.synthetic-places}, e.g. {@code CITY_EXPLORER_CATALOG_SYNTHETIC_PLACES=1000000}).
 * The places are spread over the most populous known cities in proportion to their population, around
 * each centre (normally distributed, wider for bigger cities), are flagged {@code synthetic: true},
 * named "Synthetic …" and tagged {@code synthetic}. Ids and positions derive from the city and a
 * counter, so a second run (or one interrupted and started again) writes the same places; a marker
 * skips the work once it is complete. Runs in the background after start-up, once the cities have
 * arrived from city-service's events.
 */
@Component
class SyntheticPlaces {

    private static final Logger log = LoggerFactory.getLogger(SyntheticPlaces.class);
    private static final int BATCH = 2_000;
    private static final Category[] CATEGORIES = Category.values();

    private final MongoTemplate mongo;
    private final SeedInserts inserts;
    private final CellDirectory directory;
    private final Settings settings;

    SyntheticPlaces(MongoTemplate mongo, SeedInserts inserts, CellDirectory directory, Settings settings) {
        this.mongo = mongo;
        this.inserts = inserts;
        this.directory = directory;
        this.settings = settings;
    }

    @ConfigurationProperties("city-explorer.catalog")
    record Settings(@DefaultValue("0") long syntheticPlaces, @DefaultValue("1000") int syntheticCities,
            @DefaultValue("15s") Duration citiesSettle) {
    }

    record SeedCity(String id, double lat, double lon, long population) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void loadInBackground() {
        if (settings.syntheticPlaces() <= 0) {
            return;
        }
        Thread.ofVirtual().name("synthetic-places").start(() -> {
            try {
                load(settings.syntheticPlaces(), settings.syntheticCities(), settings.citiesSettle());
            }
            catch (RuntimeException | InterruptedException ex) {
                log.warn("Synthetic places: stopped ({}); a restart carries on", ex.toString());
            }
        });
    }

    void load(long count, int cityCount, Duration settle) throws InterruptedException {
        String marker = "synthetic:" + count + ":" + cityCount;
        if (mongo.exists(Query.query(Criteria.where("_id").is(marker)), "catalog_imports")) {
            return;
        }
        List<SeedCity> cities = awaitCities(cityCount, settle);
        long totalPopulation = cities.stream().mapToLong(SeedCity::population).sum();
        log.info("Synthetic places: generating {} over {} cities", count, cities.size());
        long generated = 0;
        long nextReport = 100_000;
        Instant started = Instant.now();
        for (int i = 0; i < cities.size(); i++) {
            SeedCity city = cities.get(i);
            long share = i == cities.size() - 1 ? count - generated
                    : Math.min(count - generated, Math.round((double) count * city.population() / totalPopulation));
            write(city, share);
            generated += share;
            if (generated >= nextReport) {
                log.info("Synthetic places: {} of {} after {} s", generated, count, Duration.between(started, Instant.now()).toSeconds());
                nextReport += 100_000;
            }
        }
        mongo.upsert(Query.query(Criteria.where("_id").is(marker)), new Update().set("loadedAt", Instant.now()), "catalog_imports");
        log.info("Synthetic places: {} in {} s", generated, Duration.between(started, Instant.now()).toSeconds());
    }

    /** The most populous cities known, once city-service's events have stopped bringing new ones. */
    private List<SeedCity> awaitCities(int cityCount, Duration settle) throws InterruptedException {
        long known = -1;
        long now = mongo.getCollection("known_cities").countDocuments();
        while (now == 0 || now != known) {
            known = now;
            Thread.sleep(settle); // a background job waiting for a feed to settle
            now = mongo.getCollection("known_cities").countDocuments();
        }
        List<SeedCity> cities = new ArrayList<>();
        for (Document city : mongo.getCollection("known_cities").find()) {
            if (!Boolean.TRUE.equals(city.getBoolean("deleted")) && city.get("population") instanceof Number population
                    && population.longValue() > 0) {
                cities.add(new SeedCity(city.getString("_id"), city.getDouble("lat"), city.getDouble("lon"), population.longValue()));
            }
        }
        return cities.stream().sorted(Comparator.comparingLong(SeedCity::population).reversed()).limit(cityCount).toList();
    }

    private void write(SeedCity city, long share) {
        SplittableRandom random = new SplittableRandom(city.id().hashCode());
        // Spread: about 2 km for a small city, 6 km for Paris, 11 km for a city of 10 million.
        double sigmaMeters = 2_000 + 3_000 * Math.sqrt(city.population() / 1_000_000.0);
        Instant now = Instant.now();
        List<Place> batch = new ArrayList<>(BATCH);
        for (long k = 0; k < share; k++) {
            double north = random.nextGaussian() * sigmaMeters;
            double east = random.nextGaussian() * sigmaMeters;
            double lat = Math.max(-89.999, Math.min(89.999, city.lat() + Math.toDegrees(north / 6_371_008.8)));
            double lon = wrap(city.lon() + Math.toDegrees(east / (6_371_008.8 * Math.cos(Math.toRadians(lat)))));
            Category category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            batch.add(Place.of("synthetic-" + city.id() + "-" + k, city.id(), "Synthetic " + category.value() + " " + k, category,
                    lat, lon, null, "Generated for load tests; not a real place.", List.of("synthetic"), random.nextInt(1_000),
                    true, now));
            if (batch.size() == BATCH) {
                flush(batch);
            }
        }
        flush(batch);
    }

    private void flush(List<Place> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // Places an earlier, interrupted run wrote are there already, with the same ids and content.
        inserts.insertMissing(Place.class, batch);
        directory.addAll(batch.stream().map(Place::nearbyEntry).toList());
        batch.clear();
    }

    private static double wrap(double lon) {
        return ((lon + 540) % 360) - 180;
    }
}
