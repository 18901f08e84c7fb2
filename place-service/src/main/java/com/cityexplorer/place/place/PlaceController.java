package com.cityexplorer.place.place;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.cityexplorer.place.nearby.NearbyPlaceSearch;
import com.cityexplorer.platform.web.Problems;
import com.cityexplorer.platform.web.Page;

/** The place catalog: listings, nearby search and single places for anyone; changes for administrators. */
@RestController
@RequestMapping(path = "/api/v1/places", produces = "application/json")
class PlaceController {

    static final String ID = "[A-Za-z0-9-]{1,100}";
    private static final CacheControl CACHEABLE = CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();

    private final PlaceSearch search;
    private final NearbyPlaceSearch nearby;
    private final Places places;

    PlaceController(PlaceSearch search, NearbyPlaceSearch nearby, Places places) {
        this.search = search;
        this.nearby = nearby;
        this.places = places;
    }

    @GetMapping
    ResponseEntity<Page<PlaceView>> list(
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a city id") String cityId,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        PlaceSort order = PlaceSort.parse(sort);
        if (order == null) {
            throw invalid("sort", "must be rating, popularity or name");
        }
        return ResponseEntity.ok().cacheControl(CACHEABLE)
            .body(search.search(cityId, category(category), q, order, page, size));
    }

    @GetMapping("/nearby")
    ResponseEntity<Map<String, List<NearbyPlaceSearch.NearbyPlace>>> nearby(
            @RequestParam @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @RequestParam @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon,
            @RequestParam(defaultValue = "1000") @Min(1) @Max(NearbyPlaceSearch.MAX_RADIUS_METERS) int radiusMeters,
            @RequestParam(required = false) String category,
            @RequestParam(defaultValue = "20") @Min(1) @Max(NearbyPlaceSearch.MAX_LIMIT) int limit) {
        return ResponseEntity.ok().cacheControl(CACHEABLE)
            .body(Map.of("items", nearby.search(lat, lon, radiusMeters, category(category), limit)));
    }

    @GetMapping("/{id}")
    ResponseEntity<PlaceView> find(@PathVariable @Pattern(regexp = ID, message = "is not a place id") String id) {
        return ResponseEntity.ok().cacheControl(CACHEABLE).body(places.view(id).orElseThrow(Places::notFound));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<PlaceView> create(@Valid @RequestBody PlaceInput input) {
        Place place = places.create(input);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/places/" + place.id())).body(place.view());
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    PlaceView replace(@PathVariable @Pattern(regexp = ID, message = "is not a place id") String id, @Valid @RequestBody PlaceInput input) {
        return places.replace(id, input).view();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable @Pattern(regexp = ID, message = "is not a place id") String id) {
        places.delete(id);
        return ResponseEntity.noContent().build();
    }

    private static Category category(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Category.parse(value).orElseThrow(() -> invalid("category", "must be one of the API's categories"));
    }

    private static ErrorResponseException invalid(String field, String message) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST,
                Problems.validation(List.of(new Problems.FieldError(field, message)), null, null), null);
    }
}
