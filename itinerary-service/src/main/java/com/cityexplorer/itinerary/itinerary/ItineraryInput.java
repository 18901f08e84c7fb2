package com.cityexplorer.itinerary.itinerary;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An itinerary as its owner creates or replaces it (a PUT replaces everything). Limits keep one document
 * and one optimisation small: 30 days of 30 stops. The order of dates and of start times, which Bean
 * Validation cannot express, is checked by {@link Schedule}; that the places exist and are in the city,
 * by {@link Itineraries}.
 */
record ItineraryInput(
        @NotBlank @Size(max = 120) @Pattern(regexp = PRINTABLE, message = "must be printable text") String title,
        @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}", message = "is not a city id") String cityId,
        @Pattern(regexp = "private|public", message = "must be private or public") String visibility,
        @NotNull @Size(max = MAX_DAYS) List<@NotNull @Valid DayInput> days) {

    static final int MAX_DAYS = 30;
    static final int MAX_STOPS_PER_DAY = 30;
    static final String PRINTABLE = "[^\\p{Cntrl}<>]+";

    record DayInput(
            @NotNull LocalDate date,
            @NotNull @Size(max = MAX_STOPS_PER_DAY) List<@NotNull @Valid StopInput> stops) {
    }

    record StopInput(
            @NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,100}", message = "is not a place id") String placeId,
            @NotNull LocalTime startTime,
            @NotNull @Min(1) @Max(24 * 60) Integer durationMinutes,
            @Size(max = 500) @Pattern(regexp = "[^\\p{Cntrl}<>]*", message = "must be printable text") String note) {
    }
}
