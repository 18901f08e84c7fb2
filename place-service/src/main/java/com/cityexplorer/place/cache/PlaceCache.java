package com.cityexplorer.place.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import com.cityexplorer.place.place.PlaceView;
import com.cityexplorer.platform.cache.EvictedEverywhereCache;
import com.cityexplorer.platform.cache.EvictedEverywhereCaches;

/**
 * Hot places in this instance's memory, so a popular place costs no database read; a change evicts a
 * place on every instance at once (Redis) and durably (its event on {@code ce.place.events}).
 */
@Component
public class PlaceCache {

    private final EvictedEverywhereCache<PlaceView> places;

    PlaceCache(EvictedEverywhereCaches caches) {
        this.places = caches.create("places", "ce.place.events", 50_000, Duration.ofMinutes(10));
    }

    public Optional<PlaceView> get(String id, Function<String, Optional<PlaceView>> load) {
        return places.get(id, load);
    }

    /** Evicts a changed place here and on every other instance. */
    public void changed(String id) {
        places.changed(id);
    }
}
