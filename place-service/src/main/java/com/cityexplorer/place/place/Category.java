package com.cityexplorer.place.place;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The categories of the API contract. */
public enum Category {
    ATTRACTION, MUSEUM, PARK, RESTAURANT, CAFE, BAR, HOTEL, SHOPPING, NIGHTLIFE, VIEWPOINT, RELIGIOUS, OTHER;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Category> parse(String value) {
        return Arrays.stream(values()).filter(category -> category.value().equals(value)).findFirst();
    }
}
