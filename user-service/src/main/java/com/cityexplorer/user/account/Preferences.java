package com.cityexplorer.user.account;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a user told us they like: a home city and interests (free tags such as "museums").
 *
 * @param homeCityId a city id, as city-service gives it; absent to clear
 * @param interests up to 20 tags of up to 40 characters
 */
public record Preferences(
        @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be a city id") String homeCityId,
        @Size(max = 20) List<@NotBlank @Size(max = 40) @Pattern(regexp = "[^\\p{Cntrl}]+", message = "must not contain control characters") String> interests) {

    public static final Preferences NONE = new Preferences(null, List.of());

    public Preferences {
        interests = interests == null ? List.of() : interests.stream().map(String::strip).distinct().toList();
    }
}
