package com.cityexplorer.affiliate;

import com.cityexplorer.test.ServiceStartupContract;

class AffiliateServiceStartupTest extends ServiceStartupContract {

    /** Click redirects are answered without the database (application.yml; ClickWithoutDatabaseTest). */
    @Override
    protected boolean readinessFollowsMongo() {
        return false;
    }
}
