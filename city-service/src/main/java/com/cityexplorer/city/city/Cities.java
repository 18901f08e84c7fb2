package com.cityexplorer.city.city;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.cache.EvictedEverywhereCache;
import com.cityexplorer.platform.cache.EvictedEverywhereCaches;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.web.Problems;

/** Reads and administers cities; every change is saved with its event in one write. */
@Service
public class Cities {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;
    /** Hot cities in memory; a change evicts a city on every instance at once (Redis) and durably (its event). */
    private final EvictedEverywhereCache<CityView> cache;

    Cities(MongoTemplate mongo, Outbox outbox, Clock clock, EvictedEverywhereCaches caches) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
        this.cache = caches.createShared("cities", "ce.city.events", 20_000, Duration.ofMinutes(30), CityView.class);
    }

    /** A city as clients read it, from this instance's cache when it is there. */
    Optional<CityView> view(String id) {
        return cache.get(id, key -> find(key).map(City::view));
    }

    /**
     * Fills the cache with the most populous cities, the ones clients open first, so a new instance
     * does not meet its first traffic with an empty cache. Returns how many.
     */
    public int warm(int count) {
        Query top = new Query(Outbox.live()).with(org.springframework.data.domain.Sort.by(
                org.springframework.data.domain.Sort.Order.desc("population"))).limit(count);
        List<City> cities = mongo.find(top, City.class);
        cities.forEach(city -> cache.put(city.id(), city.view()));
        return cities.size();
    }

    Optional<City> find(String id) {
        return outbox.findLive(id, City.class);
    }

    City create(CityInput input) {
        City city = toCity(UUID.randomUUID().toString(), input, "admin");
        City saved = outbox.save(city, new CityEvents.CityCreated(city.id(), city.name(), city.countryCode(), city.population(),
                city.location(), city.timezone()));
        cache.changed(saved.id());
        return saved;
    }

    City replace(String id, CityInput input) {
        City existing = find(id).orElseThrow(Cities::notFound);
        City city = toCity(id, input, existing.source());
        City saved = outbox.save(city, new CityEvents.CityUpdated(id, city.name(), city.countryCode(), city.population(),
                city.location(), city.timezone()));
        cache.changed(id);
        return saved;
    }

    void delete(String id) {
        if (!outbox.delete(City.class, id, new CityEvents.CityDeleted(id))) {
            throw notFound();
        }
        cache.changed(id);
    }

    private City toCity(String id, CityInput input, String source) {
        try {
            ZoneId.of(input.timezone());
        }
        catch (DateTimeException ex) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(
                    List.of(new Problems.FieldError("timezone", "must be an IANA time zone such as Europe/Paris")), null, null), ex);
        }
        return City.of(id, input.name().strip(), input.alternateNames().stream().map(String::strip).toList(),
                input.countryCode(), input.country().strip(), input.population(),
                new City.Location(input.location().lat(), input.location().lon()), input.timezone(), source, clock.instant());
    }

    static ErrorResponseException notFound() {
        ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
        missing.setDetail("No such city.");
        return missing;
    }
}
