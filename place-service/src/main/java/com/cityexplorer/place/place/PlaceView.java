package com.cityexplorer.place.place;

import java.util.List;

/** A place as the API shows it. */
public record PlaceView(String id, String cityId, String name, String category, Place.Location location, String address,
        String description, List<String> tags, Place.Rating rating) {
}
