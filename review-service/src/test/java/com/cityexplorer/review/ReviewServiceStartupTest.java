package com.cityexplorer.review;

import com.cityexplorer.test.ServiceStartupContract;

class ReviewServiceStartupTest extends ServiceStartupContract {
}
