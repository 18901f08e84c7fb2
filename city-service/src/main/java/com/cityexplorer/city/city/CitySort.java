package com.cityexplorer.city.city;

/** How a city search is ordered: by population (largest first, the default) or by name. */
enum CitySort {
    POPULATION, NAME;

    static CitySort parse(String value) {
        if (value == null || value.isBlank() || value.equals("population")) {
            return POPULATION;
        }
        if (value.equals("name")) {
            return NAME;
        }
        return null;
    }
}
