package com.cityexplorer.city.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import com.cityexplorer.city.city.Cities;
import com.cityexplorer.city.city.CityImport;

/**
 * Loads the GeoNames cities of 15,000+ inhabitants (catalog/cities15000.tsv.gz, CC BY 4.0) on first
 * start and announces them as {@code CityCreated}. Idempotent and safe with several instances starting
 * at once: each city is inserted under its GeoNames id (only what is missing; cities an administrator
 * changed since stay as they are), the announcement's event ids are derived from the city ids, and a
 * marker, written only once Kafka has acknowledged every announcement, makes later starts skip it.
 */
@Component
class CityCatalogImport implements ApplicationRunner {

    static final String EXTRACT = "catalog/cities15000.tsv.gz";
    private static final Logger log = LoggerFactory.getLogger(CityCatalogImport.class);

    static final int WARM_CITIES = 500;

    private final MongoTemplate mongo;
    private final CityImport cities;
    private final Cities catalog;

    CityCatalogImport(MongoTemplate mongo, CityImport cities, Cities catalog) {
        this.mongo = mongo;
        this.cities = cities;
        this.catalog = catalog;
    }

    @Override
    public void run(ApplicationArguments args) {
        load();
        // Before the instance reports ready: its first requests find the most opened cities in memory.
        int warmed = catalog.warm(WARM_CITIES);
        log.info("City cache warmed with the {} most populous cities", warmed);
    }

    private void load() {
        List<String[]> rows = read();
        String marker = "cities15000:" + rows.size();
        if (mongo.exists(Query.query(Criteria.where("_id").is(marker)), "catalog_imports")) {
            return;
        }
        long started = System.nanoTime();
        int inserted = cities.insertMissing(rows);
        // Every seed city is announced, again after an interrupted start: consumers skip what they applied.
        cities.announce(rows);
        mongo.upsert(Query.query(Criteria.where("_id").is(marker)), new Update().set("loadedAt", Instant.now()), "catalog_imports");
        log.info("City catalog: {} GeoNames cities ({} new) loaded in {} ms", rows.size(), inserted,
                (System.nanoTime() - started) / 1_000_000);
    }

    static List<String[]> read() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ClassPathResource(EXTRACT).getInputStream()), StandardCharsets.UTF_8))) {
            return reader.lines().skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t", -1))
                .filter(fields -> fields.length >= 10).toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + EXTRACT, ex);
        }
    }


}
