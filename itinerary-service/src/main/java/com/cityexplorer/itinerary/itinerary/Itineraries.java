package com.cityexplorer.itinerary.itinerary;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.itinerary.place.KnownPlaces;
import com.cityexplorer.itinerary.user.FormerUsers;
import com.cityexplorer.platform.events.DomainEvent;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.web.Page;
import com.cityexplorer.platform.web.Problems;

/**
 * Reads and changes itineraries for their owners; every change is saved with its event in one write.
 * Someone who may not see an itinerary gets the same 404 as for one that does not exist, so its existence
 * does not leak. Places are checked against {@link KnownPlaces}, never by calling place-service.
 */
@Service
class Itineraries {

    private final MongoTemplate mongo;
    private final Outbox outbox;
    private final KnownPlaces places;
    private final FormerUsers formerUsers;
    private final Clock clock;

    Itineraries(MongoTemplate mongo, Outbox outbox, KnownPlaces places, FormerUsers formerUsers, Clock clock) {
        this.mongo = mongo;
        this.outbox = outbox;
        this.places = places;
        this.formerUsers = formerUsers;
        this.clock = clock;
    }

    Itinerary create(String ownerId, ItineraryInput input) {
        Instant now = now();
        Itinerary itinerary = toItinerary(UUID.randomUUID().toString(), ownerId, input, now, now);
        return store(itinerary, ItineraryEvents.created(itinerary));
    }

    /** The itinerary if {@code viewerId} (null: anonymous) may read it: it is public, or theirs. */
    Itinerary visible(String id, String viewerId) {
        return find(id).filter(itinerary -> itinerary.isVisibleTo(viewerId)).orElseThrow(Itineraries::notFound);
    }

    /** The itinerary if it is {@code ownerId}'s, the one who may change it. */
    Itinerary owned(String id, String ownerId) {
        return find(id).filter(itinerary -> itinerary.ownerId().equals(ownerId)).orElseThrow(Itineraries::notFound);
    }

    /**
     * The owner's itineraries, most recently changed first. Served by the {@code owner_updated} index on
     * MongoDB; the embedded server scans the collection for it (it has no secondary indexes), which is fine
     * for local use. Read from the primary: owners expect to see what they just saved.
     */
    Page<ItineraryView> list(String ownerId, int page, int size) {
        Query query = new Query(Criteria.where("ownerId").is(ownerId)).addCriteria(Outbox.live());
        long total = mongo.count(query, Itinerary.class);
        query.with(Sort.by(Sort.Order.desc("updatedAt"), Sort.Order.asc("_id"))).skip((long) page * size).limit(size);
        return new Page<>(mongo.find(query, Itinerary.class).stream().map(Itinerary::view).toList(), page, size, total);
    }

    Itinerary replace(String id, String ownerId, ItineraryInput input) {
        Itinerary existing = owned(id, ownerId);
        Itinerary itinerary = toItinerary(id, ownerId, input, existing.createdAt(), now());
        return store(itinerary, ItineraryEvents.updated(itinerary));
    }

    void delete(String id, String ownerId) {
        Itinerary existing = owned(id, ownerId);
        outbox.delete(Itinerary.class, id, ItineraryEvents.deleted(existing));
    }

    /** Reorders each day's stops for a shorter walk and saves the result (when it changed anything). */
    OptimizedItinerary optimize(String id, String ownerId) {
        Itinerary existing = owned(id, ownerId);
        ItineraryOptimizer.Result result = ItineraryOptimizer.optimize(existing, places.live(existing.placeIds()), now());
        Itinerary saved = result.changed() ? store(result.itinerary(), ItineraryEvents.updated(result.itinerary())) : existing;
        return OptimizedItinerary.of(saved, result.metersBefore(), result.metersAfter());
    }

    private Optional<Itinerary> find(String id) {
        return outbox.findLive(id, Itinerary.class);
    }

    private Itinerary toItinerary(String id, String ownerId, ItineraryInput input, Instant createdAt, Instant now) {
        Schedule.check(input);
        checkPlaces(input);
        List<Itinerary.Day> days = input.days().stream()
            .map(day -> new Itinerary.Day(day.date().toString(), day.stops().stream()
                .map(stop -> new Itinerary.Stop(stop.placeId(), stop.startTime().toString(), stop.durationMinutes(),
                        stop.note() == null || stop.note().isBlank() ? null : stop.note().strip()))
                .toList()))
            .toList();
        return new Itinerary(id, ownerId, input.title().strip(), input.cityId(), Visibility.parse(input.visibility()), days,
                createdAt, now);
    }

    /** 422 naming each stop whose place is unknown (or deleted) or in another city than the itinerary's. */
    private void checkPlaces(ItineraryInput input) {
        Set<String> ids = new java.util.HashSet<>();
        input.days().forEach(day -> day.stops().forEach(stop -> ids.add(stop.placeId())));
        Map<String, KnownPlaces.KnownPlace> known = places.live(ids);
        List<Problems.FieldError> errors = new ArrayList<>();
        for (int d = 0; d < input.days().size(); d++) {
            List<ItineraryInput.StopInput> stops = input.days().get(d).stops();
            for (int s = 0; s < stops.size(); s++) {
                KnownPlaces.KnownPlace place = known.get(stops.get(s).placeId());
                String field = "days[" + d + "].stops[" + s + "].placeId";
                if (place == null) {
                    errors.add(new Problems.FieldError(field, "is not a known place"));
                }
                else if (!place.cityId().equals(input.cityId())) {
                    errors.add(new Problems.FieldError(field, "is a place in another city"));
                }
            }
        }
        if (!errors.isEmpty()) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Every stop must be at a known place of the itinerary's city.");
            problem.setProperty("errors", errors);
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT, problem, null);
        }
    }

    /**
     * Saves, then looks again at what the checks relied on. The reactions to a deleted place or account
     * (ItineraryCleanup) may have run between the checks and this write, and then missed it; they record
     * the place's tombstone or the former user before they run, so whatever they missed is found here and
     * undone the same way.
     */
    private Itinerary store(Itinerary itinerary, DomainEvent event) {
        outbox.save(itinerary, event);
        if (formerUsers.isFormer(itinerary.ownerId())) {
            outbox.delete(Itinerary.class, itinerary.id(), ItineraryEvents.deleted(itinerary));
            ErrorResponseException gone = new ErrorResponseException(HttpStatus.NOT_FOUND);
            gone.setDetail("This account does not exist (any more).");
            throw gone;
        }
        Set<String> deleted = places.deleted(itinerary.placeIds());
        if (deleted.isEmpty()) {
            return itinerary;
        }
        Itinerary stripped = itinerary.withoutPlaces(deleted, now());
        return outbox.save(stripped, ItineraryEvents.updated(stripped));
    }

    /** Whole milliseconds, as MongoDB stores them, so an answer shows the times a later read will. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static ErrorResponseException notFound() {
        ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
        missing.setDetail("No such itinerary.");
        return missing;
    }
}
