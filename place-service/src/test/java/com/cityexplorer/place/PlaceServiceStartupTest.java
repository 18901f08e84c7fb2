package com.cityexplorer.place;

import com.cityexplorer.test.ServiceStartupContract;

class PlaceServiceStartupTest extends ServiceStartupContract {
}
