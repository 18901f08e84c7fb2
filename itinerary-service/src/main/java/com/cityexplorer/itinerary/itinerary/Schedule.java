package com.cityexplorer.itinerary.itinerary;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.web.Problems;

/**
 * The checks of an itinerary's calendar that go across fields: days in strictly increasing date order
 * (so no date twice), and within a day, stops in order of start time (two may start at once). The order
 * of the stops is the order they are visited in, and optimising relies on their times being in that order.
 */
final class Schedule {

    private Schedule() {
    }

    /** Throws a 400 naming every field out of order. */
    static void check(ItineraryInput input) {
        List<Problems.FieldError> errors = new ArrayList<>();
        for (int d = 0; d < input.days().size(); d++) {
            ItineraryInput.DayInput day = input.days().get(d);
            if (d > 0 && !day.date().isAfter(input.days().get(d - 1).date())) {
                errors.add(new Problems.FieldError("days[" + d + "].date", "must be after the date of the day before"));
            }
            for (int s = 1; s < day.stops().size(); s++) {
                LocalTime start = day.stops().get(s).startTime();
                if (start.isBefore(day.stops().get(s - 1).startTime())) {
                    errors.add(new Problems.FieldError("days[" + d + "].stops[" + s + "].startTime",
                            "must not be before the start of the stop before"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.validation(errors, null, null), null);
        }
    }
}
