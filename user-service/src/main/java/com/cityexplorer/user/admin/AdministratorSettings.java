package com.cityexplorer.user.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator ({@code city-explorer.admin.*}, from {@code CITY_EXPLORER_ADMIN_EMAIL} and
 * {@code CITY_EXPLORER_ADMIN_PASSWORD}). Unset means no administrator is created.
 */
@ConfigurationProperties("city-explorer.admin")
record AdministratorSettings(String email, String password) {

    boolean configured() {
        return email != null && !email.isBlank() && password != null && !password.isBlank();
    }
}
