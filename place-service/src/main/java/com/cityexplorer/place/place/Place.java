package com.cityexplorer.place.place;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.mapping.Document;

import com.cityexplorer.place.nearby.CellDirectory;
import com.cityexplorer.platform.search.SearchText;

/**
 * A place in a city (nearby search finds it through the {@link CellDirectory}); {@code searchName} is its folded name, for text search; {@code synthetic} marks generated
 * load-test data (never loaded by default), so it can be told apart from the curated catalog.
 */
@Document("places")
@CompoundIndex(name = "city_rating", def = "{'cityId': 1, 'rating.average': -1, '_id': 1}")
@CompoundIndex(name = "city_popularity", def = "{'cityId': 1, 'popularity': -1, '_id': 1}")
@CompoundIndex(name = "city_name", def = "{'cityId': 1, 'searchName': 1, '_id': 1}")
@CompoundIndex(name = "city_category_name", def = "{'cityId': 1, 'category': 1, 'searchName': 1}")
public record Place(
        @Id String id,
        String cityId,
        String name,
        String searchName,
        Category category,
        Location location,
        String address,
        String description,
        List<String> tags,
        @ReadOnlyProperty Rating rating,
        long popularity,
        boolean synthetic,
        Instant updatedAt) {

    public Place {
        tags = tags == null ? List.of() : List.copyOf(tags);
        rating = rating == null ? Rating.NONE : rating;
    }

    public static Place of(String id, String cityId, String name, Category category, double lat, double lon, String address,
            String description, List<String> tags, long popularity, boolean synthetic, Instant updatedAt) {
        return new Place(id, cityId, name, SearchText.fold(name), category, new Location(lat, lon),
                address, description, tags, Rating.NONE, popularity, synthetic, updatedAt);
    }

    public record Location(double lat, double lon) {
    }

    /**
     * The average of a place's reviews and how many there are: read here, written only from review-service's
     * events (PlaceRatings), never by saving a place, so an administrator's change cannot overwrite a newer rating.
     */
    public record Rating(double average, long count) {
        static final Rating NONE = new Rating(0, 0);
    }

    /** What the nearby index keeps of this place. */
    public CellDirectory.Entry nearbyEntry() {
        return new CellDirectory.Entry(id, location.lat(), location.lon(), category.value());
    }

    public PlaceView view() {
        return new PlaceView(id, cityId, name, category.value(), location, address, description, tags, rating);
    }
}
