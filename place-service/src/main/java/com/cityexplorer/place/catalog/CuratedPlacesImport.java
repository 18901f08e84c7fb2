package com.cityexplorer.place.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.nearby.CellDirectory;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.place.place.PlaceEvents;
import com.cityexplorer.platform.events.SeedAnnouncer;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.mongo.SeedInserts;

/**
 * Loads the hand-curated places (catalog/places/*.json: real places of the most visited cities, with
 * descriptions written for City Explorer) on first start. Each place has a fixed id
 * ({@code <city>-<place>}), so loading twice, or from two instances at once, inserts each place once;
 * a marker per file and size skips the work on later starts; places an administrator changed are not
 * overwritten. Each place is indexed for nearby search and announced ({@code PlaceCreated}, through
 * {@link SeedAnnouncer}) so review- and itinerary-service know it. Synthetic places are not announced:
 * they exist for the catalog's load tests only.
 */
@Component
class CuratedPlacesImport implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CuratedPlacesImport.class);

    private final MongoTemplate mongo;
    private final SeedInserts inserts;
    private final JsonMapper jsonMapper;
    private final CellDirectory directory;
    private final Outbox outbox;
    private final SeedAnnouncer seeds;

    CuratedPlacesImport(MongoTemplate mongo, SeedInserts inserts, JsonMapper jsonMapper, CellDirectory directory, Outbox outbox,
            SeedAnnouncer seeds) {
        this.mongo = mongo;
        this.inserts = inserts;
        this.jsonMapper = jsonMapper;
        this.directory = directory;
        this.outbox = outbox;
        this.seeds = seeds;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        int inserted = 0;
        int total = 0;
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath*:catalog/places/*.json")) {
            List<Place> places = read(file);
            total += places.size();
            String marker = "places-v2:" + file.getFilename() + ":" + places.size(); // v2: also announced
            if (mongo.exists(Query.query(Criteria.where("_id").is(marker)), "catalog_imports")) {
                continue;
            }
            inserted += inserts.insertMissing(Place.class, places);
            // Index what is stored (an administrator may have changed a place since), not the file.
            List<Place> stored = outbox.findAllLive(places.stream().map(Place::id).toList(), Place.class);
            directory.addAll(stored.stream().map(Place::nearbyEntry).toList());
            // Other services learn of them as of any place (again after an interrupted start: consumers skip what they applied).
            seeds.announce(stored.stream().map(PlaceEvents::seeded).toList());
            mongo.upsert(Query.query(Criteria.where("_id").is(marker)), new Update().set("loadedAt", Instant.now()), "catalog_imports");
        }
        if (inserted > 0) {
            log.info("Curated places: {} in the catalog files, {} new", total, inserted);
        }
    }

    private List<Place> read(Resource file) {
        String slug = file.getFilename().replaceFirst("\\.json$", "");
        try (InputStream in = file.getInputStream()) {
            JsonNode root = jsonMapper.readTree(in);
            String cityId = root.path("city").path("geonameId").asString();
            Instant now = Instant.now();
            List<Place> places = new ArrayList<>();
            for (JsonNode node : root.path("places")) {
                List<String> tags = new ArrayList<>();
                node.path("tags").forEach(tag -> tags.add(tag.asString()));
                places.add(Place.of(slug + "-" + node.path("slug").asString(), cityId, node.path("name").asString(),
                        Category.parse(node.path("category").asString()).orElseThrow(
                                () -> new IllegalStateException(file + ": unknown category in " + node)),
                        node.path("lat").asDouble(), node.path("lon").asDouble(), node.path("address").asString(),
                        node.path("description").asString(), tags, 0, false, now));
            }
            return places;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

}
