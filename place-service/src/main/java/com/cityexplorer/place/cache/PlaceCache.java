package com.cityexplorer.place.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import com.cityexplorer.place.place.Place;
import com.cityexplorer.place.place.PlaceView;
import com.cityexplorer.platform.cache.EvictedEverywhereCache;
import com.cityexplorer.platform.cache.EvictedEverywhereCaches;
import com.cityexplorer.platform.events.outbox.Outbox;

/**
 * Hot places in this instance's memory, so a popular place costs no database read; a change evicts a
 * place on every instance at once (Redis) and durably (its event on {@code ce.place.events}).
 */
@Component
public class PlaceCache {

    private final EvictedEverywhereCache<PlaceView> places;
    private final Outbox outbox;

    PlaceCache(EvictedEverywhereCaches caches, Outbox outbox) {
        this.places = caches.createShared("places", "ce.place.events", 20_000, Duration.ofMinutes(10), PlaceView.class);
        this.outbox = outbox;
    }

    public Optional<PlaceView> get(String id, Function<String, Optional<PlaceView>> load) {
        return places.get(id, load);
    }

    /** The places with these ids that exist; those not in memory are read together, by id (primary). */
    public Map<String, PlaceView> getAll(Collection<String> ids) {
        return places.getAll(ids, missing -> {
            Map<String, PlaceView> found = new HashMap<>();
            outbox.findAllLive(missing, Place.class).forEach(place -> found.put(place.id(), place.view()));
            return found;
        });
    }

    /** Evicts a changed place here and on every other instance. */
    public void changed(String id) {
        places.changed(id);
    }
}
