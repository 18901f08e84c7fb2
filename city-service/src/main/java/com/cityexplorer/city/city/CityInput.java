package com.cityexplorer.city.city;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A city as an administrator creates or replaces it. */
record CityInput(
        @NotBlank @Size(max = 120) @Pattern(regexp = PRINTABLE, message = "must be printable text") String name,
        @Size(max = 20) List<@NotBlank @Size(max = 120) @Pattern(regexp = PRINTABLE, message = "must be printable text") String> alternateNames,
        @NotNull @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as FR") String countryCode,
        @NotBlank @Size(max = 80) @Pattern(regexp = PRINTABLE, message = "must be printable text") String country,
        @NotNull @PositiveOrZero @Max(100_000_000) Long population,
        @NotNull @Valid Coordinates location,
        @NotBlank @Size(max = 64) String timezone) {

    static final String PRINTABLE = "[^\\p{Cntrl}<>]+";

    CityInput {
        alternateNames = alternateNames == null ? List.of() : alternateNames;
    }

    record Coordinates(
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }
}
