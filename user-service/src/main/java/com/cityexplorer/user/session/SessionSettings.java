package com.cityexplorer.user.session;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sessions and sign-in limits ({@code city-explorer.sessions.*}).
 *
 * @param lifetime how long a session lives after login
 * @param maxPerUser sessions a user may hold at once; the oldest goes when a new one would exceed it
 * @param maxFailuresPerEmail failed logins for one email within {@code failureWindow} before it is locked for the rest of it
 * @param failureWindow the window those failures are counted in
 */
@ConfigurationProperties("city-explorer.sessions")
record SessionSettings(
        @DefaultValue("24h") Duration lifetime,
        @DefaultValue("20") int maxPerUser,
        @DefaultValue("5") int maxFailuresPerEmail,
        @DefaultValue("15m") Duration failureWindow) {
}
