package com.cityexplorer.place.place;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.place.cache.PlaceCache;
import com.cityexplorer.place.city.KnownCities;
import com.cityexplorer.place.nearby.NearbyCells;
import com.cityexplorer.platform.events.outbox.Outbox;

/** Reads and administers places; every change is saved with its event in one write. */
@Service
class Places {

    private final Outbox outbox;
    private final KnownCities cities;
    private final PlaceCache cache;
    private final NearbyCells nearby;
    private final Clock clock;

    Places(Outbox outbox, KnownCities cities, PlaceCache cache, NearbyCells nearby, Clock clock) {
        this.outbox = outbox;
        this.cities = cities;
        this.cache = cache;
        this.nearby = nearby;
        this.clock = clock;
    }

    Optional<Place> find(String id) {
        return outbox.findLive(id, Place.class);
    }

    /** A place as clients read it, from this instance's cache when it is there. */
    Optional<PlaceView> view(String id) {
        return cache.get(id, key -> find(key).map(Place::view));
    }

    /*
     * The nearby index is written before the place and its event: whoever reads the event (and evicts
     * cached cells) then finds the index already changed. Should the place's own write fail, the
     * index is ahead of it until the request is retried; searches measure distances from the place as
     * stored, so that can hide a place for a while but never put one where it is not.
     */

    Place create(PlaceInput input) {
        Place place = toPlace(UUID.randomUUID().toString(), input, 0, Place.Rating.NONE);
        nearby.move(place.id(), null, place.nearbyEntry());
        Place saved = outbox.save(place, new PlaceEvents.PlaceCreated(place.id(), place.cityId(), place.name(),
                place.category().value(), place.location(), place.tags()));
        cache.changed(saved.id());
        return saved;
    }

    Place replace(String id, PlaceInput input) {
        Place existing = find(id).orElseThrow(Places::notFound);
        Place place = toPlace(id, input, existing.popularity(), existing.rating());
        nearby.move(id, existing.nearbyEntry(), place.nearbyEntry());
        Place saved = outbox.save(place, new PlaceEvents.PlaceUpdated(id, place.cityId(), place.name(), place.category().value(),
                place.location(), place.tags(), existing.location()));
        cache.changed(id);
        return saved;
    }

    void delete(String id) {
        Place existing = find(id).orElseThrow(Places::notFound);
        nearby.move(id, existing.nearbyEntry(), null);
        outbox.delete(Place.class, id, new PlaceEvents.PlaceDeleted(id, existing.cityId(), existing.location()));
        cache.changed(id);
    }

    private Place toPlace(String id, PlaceInput input, long popularity, Place.Rating rating) {
        if (!cities.exists(input.cityId())) {
            ErrorResponseException unknown = new ErrorResponseException(HttpStatus.UNPROCESSABLE_CONTENT);
            unknown.setDetail("There is no city " + input.cityId() + ".");
            throw unknown;
        }
        Place place = Place.of(id, input.cityId(), input.name().strip(), Category.parse(input.category()).orElseThrow(),
                input.location().lat(), input.location().lon(), input.address(), input.description(), input.tags(),
                popularity, false, clock.instant());
        return new Place(place.id(), place.cityId(), place.name(), place.searchName(), place.category(), place.location(),
                place.address(), place.description(), place.tags(), rating, popularity, false, place.updatedAt());
    }

    static ErrorResponseException notFound() {
        ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
        missing.setDetail("No such place.");
        return missing;
    }
}
