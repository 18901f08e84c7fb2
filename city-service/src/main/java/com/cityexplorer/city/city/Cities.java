package com.cityexplorer.city.city;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.web.Problems;

/** Reads and administers cities; every change is saved with its event in one write. */
@Service
class Cities {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final Clock clock;

    Cities(MongoTemplate mongo, Outbox outbox, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.clock = clock;
    }

    Optional<City> find(String id) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("_id").is(id)).addCriteria(Outbox.live()), City.class));
    }

    City create(CityInput input) {
        City city = toCity(UUID.randomUUID().toString(), input, "admin");
        return outbox.save(city, new CityEvents.CityCreated(city.id(), city.name(), city.countryCode(), city.population(),
                city.location(), city.timezone()));
    }

    City replace(String id, CityInput input) {
        City existing = find(id).orElseThrow(Cities::notFound);
        City city = toCity(id, input, existing.source());
        return outbox.save(city, new CityEvents.CityUpdated(id, city.name(), city.countryCode(), city.population(),
                city.location(), city.timezone()));
    }

    void delete(String id) {
        if (!outbox.delete(City.class, id, new CityEvents.CityDeleted(id))) {
            throw notFound();
        }
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
