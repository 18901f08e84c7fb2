package com.cityexplorer.user;

import com.cityexplorer.test.ServiceStartupContract;

class UserServiceStartupTest extends ServiceStartupContract {
}
