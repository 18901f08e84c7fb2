package com.cityexplorer.itinerary;

import com.cityexplorer.test.ServiceStartupContract;

class ItineraryServiceStartupTest extends ServiceStartupContract {
}
