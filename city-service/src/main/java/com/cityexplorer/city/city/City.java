package com.cityexplorer.city.city;

import java.time.Instant;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.CompoundIndex;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;
import com.cityexplorer.platform.search.SearchText;

/**
 * A city. Ids of GeoNames cities are their GeoNames ids; cities an administrator adds get a UUID.
 * {@code searchNames} holds the folded name and local names, for prefix search.
 */
@Document("cities")
@CompoundIndex(name = "search_population", def = "{'searchNames': 1, 'population': -1}")
@CompoundIndex(name = "country_population", def = "{'countryCode': 1, 'population': -1}")
@CompoundIndex(name = "country_search", def = "{'countryCode': 1, 'searchNames': 1}")
@CompoundIndex(name = "sort_name", def = "{'sortName': 1, '_id': 1}")
public record City(
        @Id String id,
        String name,
        List<String> alternateNames,
        List<String> searchNames,
        String sortName,
        String countryCode,
        String country,
        @Indexed(name = "population") long population,
        Location location,
        String timezone,
        String source,
        Instant updatedAt) {

    public City {
        alternateNames = alternateNames == null ? List.of() : List.copyOf(alternateNames);
        searchNames = searchNames == null ? List.of() : List.copyOf(searchNames);
    }

    /** A city with its search fields derived from its names. */
    static City of(String id, String name, List<String> alternateNames, String countryCode, String country,
            long population, Location location, String timezone, String source, Instant updatedAt) {
        List<String> searchNames = java.util.stream.Stream.concat(java.util.stream.Stream.of(name), alternateNames.stream())
            .map(SearchText::fold).filter(folded -> !folded.isEmpty()).distinct().toList();
        return new City(id, name, alternateNames, searchNames, SearchText.fold(name), countryCode, country, population,
                location, timezone, source, updatedAt);
    }

    public record Location(double lat, double lon) {
    }

    CityView view() {
        return new CityView(id, name, country, countryCode, population, location, timezone);
    }
}
