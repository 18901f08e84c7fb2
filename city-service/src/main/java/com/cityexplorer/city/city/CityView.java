package com.cityexplorer.city.city;

/** A city as the API shows it. */
record CityView(String id, String name, String country, String countryCode, long population, City.Location location,
        String timezone) {
}
