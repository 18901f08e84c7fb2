package com.cityexplorer.place.nearby;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.cityexplorer.place.cache.PlaceCache;
import com.cityexplorer.place.place.Category;
import com.cityexplorer.place.place.PlaceView;

/**
 * All places within a radius, nearest first, with distances: the cells covering the circle (from
 * {@link GeoCells}) are read from the {@link CellDirectory} (through memory, {@link NearbyCells}), exact
 * great-circle distances keep the entries inside the circle, and the nearest {@code limit} places are
 * read by id (through the place cache). Works the same on the embedded server and on MongoDB.
 * Distances are measured again from each place as read, so an entry that lags a just-moved place can
 * hide it for a moment but never show it outside the circle.
 */
@Component
public class NearbyPlaceSearch {

    public static final int MAX_RADIUS_METERS = 50_000;
    public static final int MAX_LIMIT = 100;

    private final NearbyCells cells;
    private final PlaceCache places;

    NearbyPlaceSearch(NearbyCells cells, PlaceCache places) {
        this.cells = cells;
        this.places = places;
    }

    public List<NearbyPlace> search(double lat, double lon, double radiusMeters, Category category, int limit) {
        List<Candidate> candidates = new ArrayList<>();
        for (List<CellDirectory.Entry> entries : cells.entries(cellsToRead(GeoCells.cover(lat, lon, radiusMeters))).values()) {
            for (CellDirectory.Entry entry : entries) {
                if (category == null || category.value().equals(entry.category())) {
                    double distance = GeoCells.distanceMeters(lat, lon, entry.lat(), entry.lon());
                    if (distance <= radiusMeters) {
                        candidates.add(new Candidate(entry.placeId(), distance));
                    }
                }
            }
        }
        // A little more than asked for, in case some entries lag their places.
        List<String> nearest = candidates.stream()
            .sorted(Comparator.comparingDouble(Candidate::distanceMeters).thenComparing(Candidate::placeId))
            .limit(limit + 10L)
            .map(Candidate::placeId)
            .toList();
        Map<String, PlaceView> views = places.getAll(nearest);
        List<NearbyPlace> found = new ArrayList<>();
        for (String id : nearest) {
            PlaceView place = views.get(id);
            if (place == null || (category != null && !category.value().equals(place.category()))) {
                continue;
            }
            double distance = GeoCells.distanceMeters(lat, lon, place.location().lat(), place.location().lon());
            if (distance <= radiusMeters) {
                found.add(new NearbyPlace(place, distance));
            }
        }
        return found.stream()
            .sorted(Comparator.comparingDouble(NearbyPlace::distanceMeters).thenComparing(nearby -> nearby.place().id()))
            .limit(limit)
            .map(NearbyPlace::rounded)
            .toList();
    }

    /** The cells to read: the covering cells, or around a pole every coarsest cell of the band's rows. */
    static List<Long> cellsToRead(GeoCells.Cover cover) {
        return switch (cover) {
            case GeoCells.Cover.Cells covering -> covering.ids();
            case GeoCells.Cover.LatitudeBand band -> GeoCells.coarsestCellsBetween(band.minLat(), band.maxLat());
        };
    }

    private record Candidate(String placeId, double distanceMeters) {
    }

    /** A place and how far it is from the search's centre, in whole metres. */
    public record NearbyPlace(PlaceView place, double distanceMeters) {

        NearbyPlace rounded() {
            return new NearbyPlace(place, Math.round(distanceMeters));
        }
    }
}
