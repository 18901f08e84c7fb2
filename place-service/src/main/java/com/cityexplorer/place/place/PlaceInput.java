package com.cityexplorer.place.place;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A place as an administrator creates or replaces it. */
record PlaceInput(
        @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a city id") String cityId,
        @NotBlank @Size(max = 120) @Pattern(regexp = PRINTABLE, message = "must be printable text") String name,
        @NotNull @Pattern(regexp = "attraction|museum|park|restaurant|cafe|bar|hotel|shopping|nightlife|viewpoint|religious|other",
                message = "must be one of the API's categories") String category,
        @NotNull @Valid Coordinates location,
        @Size(max = 200) @Pattern(regexp = PRINTABLE, message = "must be printable text") String address,
        @Size(max = 1000) @Pattern(regexp = "[^\\p{Cntrl}<>]*", message = "must be printable text") String description,
        @Size(max = 10) List<@NotBlank @Size(max = 30) @Pattern(regexp = "[a-z0-9 -]+", message = "must be lower-case words") String> tags) {

    static final String PRINTABLE = "[^\\p{Cntrl}<>]+";

    PlaceInput {
        tags = tags == null ? List.of() : tags;
    }

    record Coordinates(
            @NotNull @DecimalMin("-90") @DecimalMax("90") Double lat,
            @NotNull @DecimalMin("-180") @DecimalMax("180") Double lon) {
    }
}
