package com.cityexplorer.city.city;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.cityexplorer.platform.web.Problems;
import com.cityexplorer.platform.web.Page;

/** The city catalog: search and read for anyone, changes for administrators (see CityEndpointAccess). */
@RestController
@RequestMapping(path = "/api/v1/cities", produces = "application/json")
class CityController {

    static final String ID = "[A-Za-z0-9-]{1,64}";
    private static final CacheControl CACHEABLE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

    private final CitySearch search;
    private final Cities cities;

    CityController(CitySearch search, Cities cities) {
        this.search = search;
        this.cities = cities;
    }

    @GetMapping
    ResponseEntity<Page<CityView>> search(
            @RequestParam(required = false) @Size(max = 100) String q,
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter country code") String country,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        CitySort order = CitySort.parse(sort);
        if (order == null) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(
                    List.of(new Problems.FieldError("sort", "must be population or name")), null, null), null);
        }
        String countryCode = country == null ? null : country.toUpperCase(java.util.Locale.ROOT);
        return ResponseEntity.ok().cacheControl(CACHEABLE).body(search.search(q, countryCode, order, page, size));
    }

    @GetMapping("/{id}")
    ResponseEntity<CityView> find(@PathVariable @Pattern(regexp = ID, message = "is not a city id") String id) {
        return ResponseEntity.ok().cacheControl(CACHEABLE).body(cities.view(id).orElseThrow(Cities::notFound));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<CityView> create(@Valid @RequestBody CityInput input) {
        City city = cities.create(input);
        return ResponseEntity.status(HttpStatus.CREATED).location(java.net.URI.create("/api/v1/cities/" + city.id())).body(city.view());
    }

    @PutMapping(path = "/{id}", consumes = "application/json")
    CityView replace(@PathVariable @Pattern(regexp = ID, message = "is not a city id") String id, @Valid @RequestBody CityInput input) {
        return cities.replace(id, input).view();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable @Pattern(regexp = ID, message = "is not a city id") String id) {
        cities.delete(id);
        return ResponseEntity.noContent().build();
    }
}
