package com.cityexplorer.user.admin;

import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import com.cityexplorer.platform.security.Role;
import com.cityexplorer.user.account.Accounts;
import com.cityexplorer.user.account.Preferences;

/**
 * Creates the first ADMIN at start-up when there is none and one is configured. Several instances may
 * start at once: the unique email lets one of them win. An existing account that already uses the
 * configured email is never promoted: whoever registered it first might not be the operator.
 */
@Component
class FirstAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstAdministrator.class);

    private final Accounts accounts;
    private final AdministratorSettings settings;

    FirstAdministrator(Accounts accounts, AdministratorSettings settings) {
        this.accounts = accounts;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.anyWithRole(Role.ADMIN)) {
            return;
        }
        if (!settings.configured()) {
            log.warn("No administrator exists and none is configured: set CITY_EXPLORER_ADMIN_EMAIL and "
                    + "CITY_EXPLORER_ADMIN_PASSWORD to create the first one.");
            return;
        }
        if (accounts.findByEmail(settings.email()).isPresent()) {
            log.error("No administrator created: an ordinary account already uses {}. Configure another email.",
                    settings.email());
            return;
        }
        try {
            accounts.open(settings.email(), settings.password(), "Administrator", Preferences.NONE,
                    EnumSet.of(Role.USER, Role.ADMIN));
            log.info("Created the first administrator, {}", settings.email());
        }
        catch (ErrorResponseException ex) {
            log.warn("First administrator not created: {}", ex.getBody().getDetail());
        }
    }
}
