package com.cityexplorer.itinerary.itinerary;

import java.util.Locale;

/** Who may read an itinerary: its owner alone, or anyone. Only the owner ever changes it. */
enum Visibility {
    PRIVATE, PUBLIC;

    /** As the API writes it. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the API's value (already validated by {@link ItineraryInput}); absent means private. */
    static Visibility parse(String value) {
        return "public".equals(value) ? PUBLIC : PRIVATE;
    }
}
