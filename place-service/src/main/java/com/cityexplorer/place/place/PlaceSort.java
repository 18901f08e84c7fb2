package com.cityexplorer.place.place;

/** The orders of a place listing: best rated (the default), most popular, or by name. */
enum PlaceSort {
    RATING, POPULARITY, NAME;

    static PlaceSort parse(String value) {
        if (value == null || value.isBlank() || value.equals("rating")) {
            return RATING;
        }
        return switch (value) {
            case "popularity" -> POPULARITY;
            case "name" -> NAME;
            default -> null;
        };
    }
}
