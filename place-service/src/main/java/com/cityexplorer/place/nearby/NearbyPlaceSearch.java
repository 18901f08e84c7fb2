package com.cityexplorer.place.nearby;

import java.util.Comparator;
import java.util.List;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.Place;
import com.cityexplorer.place.place.PlaceView;
import com.cityexplorer.platform.events.outbox.Outbox;
import com.cityexplorer.platform.mongo.ReadRouting;

/**
 * All places within a radius, nearest first, with distances: the covering cells (or the polar
 * latitude band) from {@link GeoCells} select candidates through the index, exact great-circle
 * distances keep those inside the circle. Works the same on the embedded server and on MongoDB.
 */
@Component
public class NearbyPlaceSearch {

    public static final int MAX_RADIUS_METERS = 50_000;
    public static final int MAX_LIMIT = 100;

    private final MongoTemplate mongo;
    private final ReadRouting reads;

    NearbyPlaceSearch(MongoTemplate mongo, ReadRouting reads) {
        this.mongo = mongo;
        this.reads = reads;
    }

    public List<NearbyPlace> search(double lat, double lon, double radiusMeters, Category category, int limit) {
        // Nearby results may be a little stale: they can come from a secondary.
        Query query = new Query(Outbox.live()).withReadPreference(reads.staleTolerant());
        switch (GeoCells.cover(lat, lon, radiusMeters)) {
            case GeoCells.Cover.Cells cells -> query.addCriteria(Criteria.where("cells").in(cells.ids()));
            case GeoCells.Cover.LatitudeBand band ->
                query.addCriteria(Criteria.where("location.lat").gte(band.minLat()).lte(band.maxLat()));
        }
        if (category != null) {
            query.addCriteria(Criteria.where("category").is(category));
        }
        return mongo.find(query, Place.class).stream()
            .map(place -> new NearbyPlace(place.view(),
                    GeoCells.distanceMeters(lat, lon, place.location().lat(), place.location().lon())))
            .filter(nearby -> nearby.distanceMeters() <= radiusMeters)
            .sorted(Comparator.comparingDouble(NearbyPlace::distanceMeters).thenComparing(nearby -> nearby.place().id()))
            .limit(limit)
            .map(NearbyPlace::rounded)
            .toList();
    }

    /** A place and how far it is from the search's centre, in whole metres. */
    public record NearbyPlace(PlaceView place, double distanceMeters) {

        NearbyPlace rounded() {
            return new NearbyPlace(place, Math.round(distanceMeters));
        }
    }
}
