package com.cityexplorer.city;

import com.cityexplorer.test.ServiceStartupContract;

class CityServiceStartupTest extends ServiceStartupContract {
}
