package com.cityexplorer.affiliate;

import com.cityexplorer.test.ServiceStartupContract;

class AffiliateServiceStartupTest extends ServiceStartupContract {
}
